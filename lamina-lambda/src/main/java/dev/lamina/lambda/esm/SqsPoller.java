package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.core.Ticker;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.InvocationTrigger;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import dev.lamina.spi.sqs.MessageQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls one SQS mapping's queue and invokes its function with batches, as Lambda's pollers do: it
 * gathers up to {@code BatchSize} messages within the batching window, drops (deletes) those no
 * filter matches, invokes the function synchronously, then deletes the messages that succeeded; the
 * others become visible again when their visibility timeout ends, and reach the queue's dead-letter
 * queue per its redrive policy. Workers scale with the backlog: one more each time a worker gathers a
 * full batch, up to {@code MaximumConcurrency}; a worker that finds the queue empty leaves, but for
 * the last. A batch counts as a backlog only when its messages were in the queue when the worker
 * looked; messages the last worker waited (long-polled) for do not, and only the last waits: the
 * others take what is there and leave when nothing is. (When every full batch added a worker and every
 * worker long-polled, a BatchSize of 1 under light traffic added a worker per message and kept them
 * all: each arrival woke them all, each took one now and then, and none ever found the queue empty for
 * a whole long poll; the cost of an arrival grew with them.) Each worker is a virtual thread.
 */
final class SqsPoller implements Poller {
    private static final Logger LOG = Logger.getLogger(SqsPoller.class.getName());
    /** How long one receive waits for a first message: SQS's longest long poll. */
    private static final Duration LONG_POLL = Duration.ofSeconds(20);
    /** How many workers a mapping without MaximumConcurrency may have. */
    static final int DEFAULT_MAXIMUM_CONCURRENCY = 1000;
    /** The pause after a failed or throttled invocation before the next receive. */
    private static final long BACKOFF_MILLIS = 1000;

    private final EventSourceMapping mapping;
    private final List<FilterPattern> filters;
    private final MessageQueues queues;
    private final Lambda lambda;
    private final ObjectMapper json;
    private final String region;
    private final Ticker ticker;
    private final Consumer<String> onResult;
    private final AtomicInteger workers = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    /** @param onResult told Lambda's words for how each batch went ({@code OK}, {@code PROBLEM: …}) */
    SqsPoller(
            EventSourceMapping mapping,
            List<FilterPattern> filters,
            MessageQueues queues,
            Lambda lambda,
            ObjectMapper json,
            String region,
            Ticker ticker,
            Consumer<String> onResult) {
        this.mapping = mapping;
        this.filters = List.copyOf(filters);
        this.queues = queues;
        this.lambda = lambda;
        this.json = json;
        this.region = region;
        this.ticker = ticker;
        this.onResult = onResult;
    }

    @Override
    public void start() {
        spawn();
    }

    /** Stops every worker; a batch being handled is finished first, in the background. */
    @Override
    public void stop() {
        stopped = true;
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    private int limit() {
        return mapping.maximumConcurrency() != null ? mapping.maximumConcurrency() : DEFAULT_MAXIMUM_CONCURRENCY;
    }

    private void spawn() {
        if (stopped || workers.incrementAndGet() > limit()) {
            workers.decrementAndGet();
            return;
        }
        Thread thread = Thread.ofVirtual().name("esm-" + mapping.uuid()).unstarted(this::work);
        synchronized (threads) {
            threads.removeIf(t -> !t.isAlive());
            threads.add(thread);
        }
        thread.start();
    }

    private void work() {
        try {
            while (!stopped) {
                Gathered gathered = gather();
                List<MessageQueues.Message> batch = gathered.messages();
                if (batch.isEmpty()) {
                    if (leave()) {
                        return;
                    }
                    continue;
                }
                if (!gathered.awaited() && batch.size() >= Math.min(mapping.batchSize(), 10)) {
                    spawn(); // a full batch that was waiting in the queue: there may be more
                }
                if (!handle(batch)) {
                    TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event source mapping " + mapping.uuid() + ": polling failed", e);
            onResult.accept("PROBLEM: " + e.getMessage());
            workers.decrementAndGet();
            if (!stopped) {
                spawn();
            }
            return;
        }
        workers.decrementAndGet();
    }

    /** How many workers poll now; for tests. */
    int workers() {
        return workers.get();
    }

    /** Leaves the pool of workers unless this is the last one; whether it left. */
    private boolean leave() {
        int now = workers.get();
        return now > 1 && workers.compareAndSet(now, now - 1);
    }

    /**
     * Up to BatchSize messages gathered by one worker, and whether they were already in the queue when
     * it looked (a backlog, worth another worker when the batch is full) rather than awaited.
     */
    private record Gathered(List<MessageQueues.Message> messages, boolean awaited) {}

    /**
     * Up to BatchSize messages: within the batching window, else what one receive brings. It first
     * takes what is there; when nothing is, an added worker returns empty-handed (to leave) and the
     * last waits for messages to arrive.
     */
    private Gathered gather() throws InterruptedException {
        List<MessageQueues.Message> batch = new ArrayList<>();
        boolean awaited = false;
        long window = TimeUnit.SECONDS.toNanos(mapping.batchingWindowSeconds());
        long start = ticker.nanoTime();
        while (batch.size() < mapping.batchSize()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int want = Math.min(10, mapping.batchSize() - batch.size());
            Duration wait = Duration.ZERO;
            if (!batch.isEmpty()) {
                long left = window - (ticker.nanoTime() - start);
                if (left <= 0) {
                    break;
                }
                wait = Duration.ofNanos(Math.min(left, LONG_POLL.toNanos()));
            }
            List<MessageQueues.Message> got = queues.receive(mapping.eventSourceArn(), want, wait);
            if (batch.isEmpty() && got.isEmpty()) {
                if (workers.get() > 1) {
                    break;
                }
                awaited = true;
                got = queues.receive(mapping.eventSourceArn(), want, LONG_POLL);
            }
            batch.addAll(got);
            if (window == 0 && (got.size() < want || batch.size() >= Math.min(mapping.batchSize(), 10))) {
                break;
            }
        }
        return new Gathered(batch, awaited);
    }

    /** Filters, invokes and settles one batch; whether it went without a problem. */
    private boolean handle(List<MessageQueues.Message> batch) {
        List<MessageQueues.Message> matched = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (MessageQueues.Message message : batch) {
            ObjectNode record = SqsBatch.record(json, message, mapping.eventSourceArn(), region);
            if (filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(SqsBatch.forFilters(json, record)))) {
                matched.add(message);
                records.add(record);
            } else {
                dropped.add(message.receiptHandle());
            }
        }
        if (!dropped.isEmpty()) {
            queues.delete(mapping.eventSourceArn(), dropped);
        }
        if (matched.isEmpty()) {
            return true;
        }
        InvocationResult result;
        try {
            result = lambda.invoke(new SyncInvocation(
                            mapping.function(),
                            mapping.qualifier(),
                            SqsBatch.event(json, records),
                            null,
                            InvocationTrigger.PUBSUB))
                    .join();
        } catch (CompletionException | AwsException e) {
            Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
            onResult.accept("PROBLEM: " + cause.getMessage());
            return false; // the messages come back after their visibility timeout
        }
        List<String> ids =
                matched.stream().map(MessageQueues.Message::messageId).toList();
        Set<String> failed = SqsBatch.failed(json, result, ids, mapping.reportsItemFailures());
        List<String> done = SqsBatch.toDelete(matched, failed);
        if (!done.isEmpty()) {
            queues.delete(mapping.eventSourceArn(), done);
        }
        onResult.accept(failed.isEmpty() ? "OK" : "PROBLEM: Function call failed");
        return !result.failed();
    }
}
