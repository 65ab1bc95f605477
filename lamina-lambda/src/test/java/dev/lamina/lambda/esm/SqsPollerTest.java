package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.Ticker;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.FunctionListener;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import dev.lamina.spi.sqs.MessageQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How a queue's poller scales its workers: up with a backlog, not with each message of light traffic. */
class SqsPollerTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:q";

    /** Messages in a blocking queue; a receive waits as long as asked for the first one. */
    private final BlockingQueue<MessageQueues.Message> messages = new LinkedBlockingQueue<>();

    /** Released each time a receive waits for messages to arrive. */
    private final Semaphore waiting = new Semaphore(0);

    private final AtomicInteger mostWorkers = new AtomicInteger();
    private SqsPoller poller;

    @Test
    void lightTrafficWithBatchSizeOneKeepsOneWorker() throws Exception {
        Semaphore handled = new Semaphore(0);
        poller = poller(invocation -> {
            handled.release();
            return CompletableFuture.completedFuture(ok());
        });
        poller.start();
        try {
            for (int i = 0; i < 40; i++) { // each sent while the poller waits for it, after the one before
                assertTrue(waiting.tryAcquire(10, TimeUnit.SECONDS), "the poller did not wait for message " + i);
                messages.add(message("m" + i));
                assertTrue(handled.tryAcquire(10, TimeUnit.SECONDS), "message " + i + " was not handled");
            }
        } finally {
            poller.stop();
        }
        // A full batch the worker waited for is no backlog: when it was taken for one, a worker was added
        // per message and each long-polled for 20 s.
        assertEquals(1, mostWorkers.get(), "workers grew with the messages");
    }

    @Test
    void aBacklogAddsWorkersThatInvokeSideBySide() throws Exception {
        for (int i = 0; i < 30; i++) {
            messages.add(message("m" + i));
        }
        CountDownLatch threeAtOnce = new CountDownLatch(3);
        List<CompletableFuture<InvocationResult>> pending = new ArrayList<>();
        Semaphore handled = new Semaphore(0);
        poller = poller(invocation -> {
            handled.release();
            synchronized (pending) {
                if (threeAtOnce.getCount() == 0) {
                    return CompletableFuture.completedFuture(ok());
                }
                CompletableFuture<InvocationResult> result = new CompletableFuture<>();
                pending.add(result);
                threeAtOnce.countDown();
                return result;
            }
        });
        poller.start();
        try {
            assertTrue(threeAtOnce.await(10, TimeUnit.SECONDS), "a backlog did not bring three invocations at once");
            synchronized (pending) {
                pending.forEach(f -> f.complete(ok()));
            }
            assertTrue(handled.tryAcquire(30, 10, TimeUnit.SECONDS), "not every message was handled");
            assertEquals(0, messages.size());
        } finally {
            poller.stop();
        }
    }

    private SqsPoller poller(Function<SyncInvocation, CompletableFuture<InvocationResult>> invoke) {
        EventSourceMapping mapping = new EventSourceMapping(
                "uuid",
                QUEUE,
                "f",
                null,
                1,
                0,
                List.of(),
                List.of(),
                null,
                new MappingState.Enabled(),
                null,
                Instant.EPOCH,
                null,
                null,
                null);
        return new SqsPoller(
                mapping,
                List.of(),
                new FakeQueue(),
                new Invoker(invoke),
                new ObjectMapper(),
                "us-east-1",
                Ticker.system(),
                r -> {});
    }

    private void sawWorkers() {
        mostWorkers.accumulateAndGet(poller.workers(), Math::max);
    }

    private static MessageQueues.Message message(String id) {
        return new MessageQueues.Message(id, "rh-" + id, "body", "md5", null, Map.of(), Map.of());
    }

    private static InvocationResult ok() {
        return new InvocationResult("req", "$LATEST", "null".getBytes(), null);
    }

    private final class FakeQueue implements MessageQueues {
        @Override
        public List<Message> receive(String queueArn, int max, Duration wait) {
            sawWorkers();
            if (!wait.isZero()) {
                waiting.release();
            }
            List<Message> got = new ArrayList<>();
            try {
                Message first = messages.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    got.add(first);
                    messages.drainTo(got, max - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return got;
        }

        @Override
        public void delete(String queueArn, List<String> receiptHandles) {}

        @Override
        public Optional<MessageQueues.Queue> queue(String queueArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String send(
                String queueArn,
                String body,
                Map<String, Attribute> messageAttributes,
                String groupId,
                String deduplicationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeVisibility(String queueArn, String receiptHandle, Duration timeout) {
            throw new UnsupportedOperationException();
        }
    }

    private final class Invoker implements Lambda {
        private final Function<SyncInvocation, CompletableFuture<InvocationResult>> invoke;

        Invoker(Function<SyncInvocation, CompletableFuture<InvocationResult>> invoke) {
            this.invoke = invoke;
        }

        @Override
        public CompletableFuture<InvocationResult> invoke(SyncInvocation invocation) {
            sawWorkers();
            return invoke.apply(invocation);
        }

        @Override
        public String enqueue(EventInvocation invocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<FunctionRef> lookup(String functionNameOrArn, String qualifier) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean allowsInvoke(FunctionRef function, String principal, String sourceArn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribe(FunctionListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
