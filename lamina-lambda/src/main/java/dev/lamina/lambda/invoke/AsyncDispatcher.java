package dev.lamina.lambda.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.DeadLetters;
import dev.lamina.lambda.async.Destinations;
import dev.lamina.lambda.async.EventInvokeConfig;
import dev.lamina.lambda.async.EventInvokeConfigs;
import dev.lamina.lambda.async.EventQueue;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.InvocationRecord;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.lambda.async.RetryPolicy;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers asynchronous invocations at least once. {@link #accept} persists an event in the
 * {@link EventQueue} before the 202; one dispatcher thread claims due events as the concurrency
 * limits allow and runs each claimed event's attempt on a virtual thread through
 * {@link Invoker#attempt}. An event leaves the queue only once its outcome is known: success, its
 * retries exhausted, or too old; then its invocation record goes to the OnSuccess or OnFailure
 * destination, enqueued in the same transaction. A node that dies leaves its claims behind; the
 * next node gives them back at start, and they run again.
 *
 * <p>Timing is {@link RetryPolicy}'s. A throttled function is paused as a whole, with back-off,
 * and resumed as soon as one of its attempts finishes; while a function has no free concurrency
 * and nothing of it is running, one event at a time probes it. Rounds are spaced at least as far
 * apart as the last one took, so the dispatcher never takes more than about half the store's time.
 */
public final class AsyncDispatcher implements FunctionRegistry.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AsyncDispatcher.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest the dispatcher sleeps: it also looks for expired events this often. */
    private static final long POLL_MILLIS = 1000;

    private static final long MIN_ROUND_GAP_MILLIS = 2;
    private static final int EXPIRY_BATCH = 100;

    /** A throttled function waits until {@code until}; {@code consecutive} throttles so far. */
    private record Pause(long until, int consecutive) {}

    private final EventQueue queue;
    private final EventInvokeConfigs configs;
    private final FunctionRegistry functions;
    private final Arns arns;
    private final RetryPolicy policy;
    private final Clock clock;
    private final Executor attempts;
    private String node;
    private final Map<String, Pause> paused = new ConcurrentHashMap<>();
    private final Map<String, Integer> running = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean closing;
    private Invoker invoker;
    private Thread loop;

    /**
     * @param attempts runs each attempt (a virtual thread per task)
     */
    public AsyncDispatcher(
            EventQueue queue,
            EventInvokeConfigs configs,
            FunctionRegistry functions,
            RetryPolicy policy,
            Clock clock,
            Executor attempts) {
        this.queue = queue;
        this.configs = configs;
        this.functions = functions;
        this.arns = functions.arns();
        this.policy = policy;
        this.clock = clock;
        this.attempts = attempts;
        functions.addListener(this);
    }

    /**
     * Gives back what earlier nodes had claimed, then starts dispatching through {@code invoker}.
     * Called once, when the node starts.
     */
    public void start(Invoker invoker) {
        this.invoker = invoker;
        this.node = invoker.ids().requestId();
        int recovered = queue.recover(node);
        if (recovered > 0) {
            LOG.info(recovered + " asynchronous invocation(s) that an earlier node had started will run again");
        }
        loop = Thread.ofPlatform().daemon().name("lamina-async-dispatcher").start(this::dispatch);
    }

    /** Persists an Event invocation; returns once it is committed. Called by the invoke path. */
    void accept(
            String requestId,
            String functionName,
            String qualifier,
            String invokedArn,
            String traceId,
            byte[] payload) {
        queue.enqueue(event(requestId, functionName, qualifier, invokedArn, traceId, payload));
        signal();
    }

    /** A new event, which expires after the MaximumEventAgeInSeconds its function and qualifier have now. */
    private AsyncEvent event(
            String requestId,
            String functionName,
            String qualifier,
            String invokedArn,
            String traceId,
            byte[] payload) {
        long now = clock.millis();
        long maxAge = configs.effective(functionName, qualifier).maximumEventAgeMillis();
        return new AsyncEvent(requestId, functionName, qualifier, invokedArn, traceId, payload, now, now + maxAge);
    }

    private void dispatch() {
        while (!closing) {
            long started = clock.millis();
            try {
                round(started);
                long took = clock.millis() - started;
                await(Math.max(took, MIN_ROUND_GAP_MILLIS), untilNextWork(clock.millis()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.WARNING, "dispatching asynchronous invocations failed; trying again", e);
                try {
                    await(POLL_MILLIS, POLL_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One pass: expire what is too old, then claim and start what may run now. */
    private void round(long now) {
        for (String function : queue.functionsWithWork(now)) {
            for (QueuedEvent event : queue.claimExpired(node, function, now, EXPIRY_BATCH)) {
                finish(event, RetryPolicy.Condition.EventAgeExceeded, event.attempts(), event.lastResponse());
            }
            Pause pause = paused.get(function);
            if (pause != null && pause.until() > now) {
                continue;
            }
            int free = invoker.available(function);
            if (free == 0) {
                if (running.getOrDefault(function, 0) > 0) {
                    continue; // one of ours finishing wakes the dispatcher
                }
                free = 1; // a probe: if it is throttled, the function is paused with back-off
            }
            for (QueuedEvent event : queue.claimDue(node, function, now, free)) {
                running.merge(function, 1, Integer::sum);
                attempts.execute(() -> attempt(event));
            }
        }
    }

    /** Runs one claimed event once and settles it. On a virtual thread of its own. */
    private void attempt(QueuedEvent event) {
        String function = event.event().functionName();
        try {
            EventInvokeConfig config = configs.effective(function, event.event().qualifier());
            if (RetryPolicy.expired(event.event(), clock.millis())) {
                finish(event, RetryPolicy.Condition.EventAgeExceeded, event.attempts(), event.lastResponse());
                return;
            }
            FunctionResponse response;
            try {
                response = invoker.attempt(event.event());
            } catch (AwsException refused) {
                refused(event, refused);
                return;
            } catch (RuntimeException failed) {
                LOG.log(Level.WARNING, "asynchronous invocation " + event.requestId() + " failed in the node", failed);
                refused(event, AwsException.service(String.valueOf(failed.getMessage())));
                return;
            }
            paused.remove(function);
            if (closing && response.failed()) {
                return; // perhaps cut short by the shutdown: the claim stays, the next node runs it again
            }
            int made = event.attempts() + 1;
            switch (policy.afterAttempt(made, response.failed(), config, clock.millis())) {
                case RetryPolicy.Finish f -> finish(event, f.condition(), made, response);
                case RetryPolicy.RetryAt at ->
                    queue.reschedule(event.requestId(), at.dueAt(), made, event.returns(), response);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the node is stopping; the claim stays
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.log(
                        Level.WARNING,
                        "asynchronous invocation " + event.requestId() + " of " + function
                                + " could not be settled; it runs again when the node restarts",
                        e);
            }
        } finally {
            running.computeIfPresent(function, (k, n) -> n == 1 ? null : n - 1);
            signal();
        }
    }

    /** The invoke path did not run the event: throttled, gone, or a system error. */
    private void refused(QueuedEvent event, AwsException refused) {
        String function = event.event().functionName();
        long now = clock.millis();
        if (refused.status() == 429) {
            paused.compute(function, (k, p) -> {
                int n = p == null ? 1 : p.consecutive() + 1;
                return new Pause(now + policy.backoff(n), n);
            });
            queue.release(event.requestId());
        } else if (refused.status() == 404) {
            LOG.warning("asynchronous invocation " + event.requestId() + " is dropped: " + refused.getMessage());
            queue.complete(event.requestId(), null);
        } else {
            int returns = event.returns() + 1;
            LOG.fine("asynchronous invocation " + event.requestId() + " goes back to the queue: "
                    + refused.getMessage());
            queue.reschedule(
                    event.requestId(), now + policy.backoff(returns), event.attempts(), returns, event.lastResponse());
        }
    }

    /**
     * Removes a settled event and hands its record to the destination for {@code condition}, if any;
     * a failed event also goes to the function's dead-letter queue, if it has one (both, when both are
     * set, as Lambda does).
     */
    private void finish(QueuedEvent queued, RetryPolicy.Condition condition, int made, FunctionResponse response) {
        AsyncEvent event = queued.event();
        EventInvokeConfig config = configs.effective(event.functionName(), event.qualifier());
        String destination = condition == RetryPolicy.Condition.Success ? config.onSuccess() : config.onFailure();
        AsyncEvent followUp = null;
        List<EventQueue.QueueMessage> messages = new ArrayList<>(2);
        if (destination != null) {
            String version = event.qualifier() == null ? FunctionRegistry.LATEST : event.qualifier();
            byte[] record = InvocationRecord.of(
                    JSON,
                    condition,
                    event,
                    arns.functionArn(event.functionName(), version),
                    made,
                    response,
                    clock.instant());
            if (Destinations.isQueue(destination)) {
                messages.add(
                        new EventQueue.QueueMessage(destination, new String(record, StandardCharsets.UTF_8), Map.of()));
            } else {
                Arns.FunctionRef target = configs.destinations().functionRef(destination);
                followUp = event(
                        invoker.ids().requestId(),
                        target.name(),
                        target.qualifier(),
                        destination,
                        event.traceId(),
                        record);
            }
        }
        if (condition != RetryPolicy.Condition.Success) {
            String deadLetters = deadLetterQueue(event, response);
            if (deadLetters != null) {
                messages.add(DeadLetters.of(deadLetters, event, condition, response));
            } else if (destination == null) {
                LOG.info("asynchronous invocation " + event.requestId() + " of " + event.functionName()
                        + " ended with " + condition + " after " + made
                        + " attempt(s) and has no OnFailure destination or dead-letter queue");
            }
        }
        if (messages.isEmpty()) {
            queue.complete(event.requestId(), followUp);
        } else {
            queue.completeToQueues(event.requestId(), followUp, messages);
        }
    }

    /** The dead-letter queue of the version that ran the event (else the one it named); null for none. */
    private String deadLetterQueue(AsyncEvent event, FunctionResponse response) {
        String version =
                response != null && response.executedVersion() != null ? response.executedVersion() : event.qualifier();
        try {
            return functions.version(event.functionName(), version).settings().deadLetterTargetArn();
        } catch (AwsException gone) {
            return null; // the function or version was deleted meanwhile: its events go with it
        }
    }

    /** A deleted function's queued events are dropped with it. Called on the mutating thread. */
    @Override
    public void changed(String functionName) {
        try {
            functions.get(functionName);
        } catch (AwsException gone) {
            paused.remove(functionName);
            int dropped = queue.discard(functionName);
            if (dropped > 0) {
                LOG.info(dropped + " queued asynchronous invocation(s) of " + functionName + " dropped with it");
            }
        }
    }

    private long untilNextWork(long now) {
        long until = now + POLL_MILLIS;
        long next = queue.nextDueAfter(now);
        if (next > 0) {
            until = Math.min(until, next);
        }
        for (Pause p : paused.values()) {
            if (p.until() > now) {
                until = Math.min(until, p.until());
            }
        }
        return Math.max(1, until - now);
    }

    /** Waits at least {@code min} ms, then until a signal or {@code max} ms have passed. */
    private void await(long min, long max) throws InterruptedException {
        Thread.sleep(min);
        lock.lock();
        try {
            if (!signalled && max > min) {
                wake.await(max - min, TimeUnit.MILLISECONDS);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops claiming; attempts still running settle if they can, else run again at the next start. */
    @Override
    public void close() {
        closing = true;
        signal();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
