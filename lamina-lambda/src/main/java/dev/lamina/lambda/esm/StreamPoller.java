package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.InvocationTrigger;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import dev.lamina.spi.sqs.MessageQueues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one stream mapping: a worker (a virtual thread) per shard it may read now ({@link ShardPlan}),
 * each reading its shard in order from the durable checkpoint, invoking the function synchronously
 * with a batch, and storing the checkpoint only once the batch is settled ({@link StreamRetry}): done,
 * or discarded after its retries with its record sent to the OnFailure queue. A supervisor looks for
 * new shards and finished parents every {@link #RESCAN}.
 */
final class StreamPoller implements Poller {
    private static final Logger LOG = Logger.getLogger(StreamPoller.class.getName());
    /** How often a worker gathering a batching window, or waiting out a tumbling window, looks again. */
    private static final Duration IDLE = Duration.ofMillis(50);
    /** How long a worker that found no new records waits for a put before it reads again anyway. */
    private static final Duration AWAIT_PUT = Duration.ofSeconds(1);
    /** How often the supervisor lists the shards. */
    private static final Duration RESCAN = Duration.ofMillis(500);
    /** The pause after an invocation that could not run (throttled, function gone). */
    private static final Duration NOT_INVOKED = Duration.ofSeconds(1);

    private final EventSourceMapping mapping;
    private final List<FilterPattern> filters;
    private final ShardSource source;
    private final CheckpointStore checkpoints;
    private final Lambda lambda;
    private final ObjectMapper json;
    private final MessageQueues queues;
    private final Clock clock;
    private final Consumer<String> onResult;
    private final Map<String, String> positions = new ConcurrentHashMap<>();
    private final Map<String, Thread> workers = new ConcurrentHashMap<>();
    /** The shards as last listed: a worker sees its shard close here. */
    private final Map<String, ShardSource.ShardInfo> known = new ConcurrentHashMap<>();

    private volatile Thread supervisor;
    private volatile AutoCloseable subscription;
    /** Counts the puts heard; a worker waits for it to move past what it saw before it read. */
    private final ReentrantLock putLock = new ReentrantLock();

    private final Condition put = putLock.newCondition();
    private long puts;
    private volatile boolean stopped;

    /**
     * @param queues where OnFailure records go, or {@code null} when the node has no queue service
     * @param onResult told Lambda's words for how each batch went
     */
    StreamPoller(
            EventSourceMapping mapping,
            List<FilterPattern> filters,
            ShardSource source,
            CheckpointStore checkpoints,
            Lambda lambda,
            ObjectMapper json,
            MessageQueues queues,
            Clock clock,
            Consumer<String> onResult) {
        this.mapping = mapping;
        this.filters = List.copyOf(filters);
        this.source = source;
        this.checkpoints = checkpoints;
        this.lambda = lambda;
        this.json = json;
        this.queues = queues;
        this.clock = clock;
        this.onResult = onResult;
    }

    @Override
    public void start() {
        positions.putAll(checkpoints.checkpoints(mapping.uuid()));
        subscription = source.subscribe(this::wake);
        supervisor = Thread.ofVirtual().name("esm-" + mapping.uuid()).start(this::supervise);
    }

    /** Stops the workers; a batch being invoked is left to end, and its checkpoint is not stored. */
    @Override
    public void stop() {
        stopped = true;
        AutoCloseable s0 = subscription;
        if (s0 != null) {
            try {
                s0.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing a subscription", e);
            }
        }
        Thread s = supervisor;
        if (s != null) {
            s.interrupt();
        }
        workers.values().forEach(Thread::interrupt);
    }

    private void supervise() {
        while (!stopped) {
            try {
                List<ShardSource.ShardInfo> shards = source.shards();
                shards.forEach(s -> known.put(s.shardId(), s));
                for (ShardSource.ShardInfo shard : ShardPlan.ready(shards, Map.copyOf(positions))) {
                    workers.computeIfAbsent(
                            shard.shardId(),
                            id -> Thread.ofVirtual()
                                    .name("esm-" + mapping.uuid() + "-" + id)
                                    .start(() -> work(shard)));
                }
                Thread.sleep(RESCAN);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event source mapping " + mapping.uuid() + ": listing shards failed", e);
                if (!pause(NOT_INVOKED)) {
                    return;
                }
            }
        }
    }

    private void work(ShardSource.ShardInfo shard) {
        String id = shard.shardId();
        try {
            if (mapping.stream().tumblingWindowSeconds() > 0) {
                workInWindows(shard);
                return;
            }
            while (!stopped) {
                if (ShardPlan.finished(known.getOrDefault(id, shard), positions)) {
                    return; // its children are started by the supervisor's next look
                }
                long seen = puts();
                List<StreamItem> read = read(id, positions.getOrDefault(id, shard.start()));
                if (read.isEmpty()) {
                    awaitPut(seen);
                    continue;
                }
                List<StreamItem> matched = filters.isEmpty()
                        ? read
                        : read.stream()
                                .filter(i -> filters.stream().anyMatch(f -> f.matches(source.forFilters(i))))
                                .toList();
                int factor = mapping.stream().parallelizationFactor();
                List<List<List<StreamItem>>> lanes =
                        StreamBatches.lanes(matched, factor, mapping.batchSize(), StreamBatches.MAX_PAYLOAD);
                if (lanes.size() == 1) {
                    settle(id, lanes.getFirst(), true, null);
                } else if (lanes.size() > 1) {
                    settleConcurrently(id, lanes);
                }
                checkpoint(id, read.getLast().sequenceNumber()); // past what no filter matched, too
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event source mapping " + mapping.uuid() + ": shard " + id + " failed", e);
            onResult.accept("PROBLEM: " + e.getMessage());
        } finally {
            workers.remove(id);
        }
    }

    /**
     * Settles a lane's batches in order; with {@code checkpointEach}, the shard's checkpoint follows
     * each step (a lane that is the whole shard), else the caller checkpoints once all lanes are done.
     */
    private void settle(String shardId, List<List<StreamItem>> batches, boolean checkpointEach, TumblingWindow window)
            throws InterruptedException {
        for (List<StreamItem> batch : batches) {
            StreamRetry.Attempt attempt = StreamRetry.Attempt.of(batch);
            while (attempt != null && !stopped) {
                attempt = invoke(shardId, attempt, checkpointEach, window);
            }
        }
    }

    /**
     * Reads a shard in tumbling windows: each window's records go in batches with the state the
     * function returned last, and once the window is over (its time has passed, or a later record is
     * read) a final invocation without records closes it. The checkpoint moves only then, past the
     * window: after a crash the window is read again from its start, with a fresh state, so its
     * aggregate is whole.
     */
    private void workInWindows(ShardSource.ShardInfo shard) throws InterruptedException {
        String id = shard.shardId();
        String at = positions.getOrDefault(id, shard.start());
        TumblingWindow window = null;
        while (!stopped) {
            if (window == null && ShardPlan.finished(known.getOrDefault(id, shard), positions)) {
                return;
            }
            List<StreamItem> read = source.read(id, at, mapping.batchSize());
            if (window == null) {
                if (read.isEmpty()) {
                    if (!pause(IDLE)) {
                        return;
                    }
                    continue;
                }
                window = TumblingWindow.of(
                        read.getFirst().arrival(), mapping.stream().tumblingWindowSeconds(), json);
            }
            int inWindow = window.count(read);
            if (inWindow > 0) {
                List<StreamItem> mine = read.subList(0, inWindow);
                List<StreamItem> matched = filters.isEmpty()
                        ? mine
                        : mine.stream()
                                .filter(i -> filters.stream().anyMatch(f -> f.matches(source.forFilters(i))))
                                .toList();
                if (!matched.isEmpty()) {
                    settle(id, List.of(matched), false, window);
                }
                at = mine.getLast().sequenceNumber();
            } else if (!read.isEmpty() || !clock.instant().isBefore(window.end())) {
                if (close(id, window)) {
                    checkpoint(id, at);
                }
                window = null;
            } else if (!pause(IDLE)) {
                return;
            }
        }
    }

    /** The window's final invocation, retried like a batch; whether it ran (or was given up on). */
    private boolean close(String shardId, TumblingWindow window) throws InterruptedException {
        int retries = 0;
        while (!stopped) {
            byte[] event = window.event(json, List.of(), shardId, mapping.eventSourceArn(), true);
            try {
                InvocationResult result = lambda.invoke(
                                new SyncInvocation(mapping.function(), mapping.qualifier(), event, null, trigger()))
                        .join();
                if (!result.failed()) {
                    return true;
                }
            } catch (CompletionException | AwsException e) {
                // as a failed invocation: retried
            }
            retries++;
            int max = mapping.stream().maximumRetryAttempts();
            if (max >= 0 && retries > max) {
                return true;
            }
            if (!pause(StreamRetry.backoff(retries))) {
                return false;
            }
        }
        return false;
    }

    /**
     * Settles lanes at once, each on its own virtual thread (ParallelizationFactor): the shard's
     * checkpoint moves past them only when all are done, so a crash repeats them, never skips.
     */
    private void settleConcurrently(String shardId, List<List<List<StreamItem>>> lanes) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (List<List<StreamItem>> lane : lanes) {
            threads.add(Thread.ofVirtual()
                    .name("esm-" + mapping.uuid() + "-" + shardId + "-lane")
                    .start(() -> {
                        try {
                            settle(shardId, lane, false, null);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
    }

    /** Up to BatchSize × ParallelizationFactor records after {@code at}, within the batching window. */
    private List<StreamItem> read(String shardId, String at) throws InterruptedException {
        int want = Math.min(10_000, mapping.batchSize() * mapping.stream().parallelizationFactor());
        List<StreamItem> read = new ArrayList<>(source.read(shardId, at, want));
        if (!read.isEmpty() && read.size() < want && mapping.batchingWindowSeconds() > 0) {
            Instant until = clock.instant().plusSeconds(mapping.batchingWindowSeconds());
            while (read.size() < want && clock.instant().isBefore(until) && !stopped) {
                Thread.sleep(IDLE);
                read.addAll(source.read(shardId, read.getLast().sequenceNumber(), want - read.size()));
            }
        }
        return read;
    }

    /** Invokes the attempt's batch and settles it; the next attempt, or {@code null} to read on. */
    private StreamRetry.Attempt invoke(
            String shardId, StreamRetry.Attempt attempt, boolean checkpoints, TumblingWindow window)
            throws InterruptedException {
        StreamRetry.Step expired = StreamRetry.expire(mapping.stream(), attempt, clock.instant());
        if (expired != null) {
            apply(shardId, expired, 0, null, checkpoints);
            return expired.next();
        }
        List<StreamItem> batch = attempt.batch();
        InvocationResult result;
        try {
            byte[] event = window == null
                    ? StreamBatches.event(json, batch)
                    : window.event(json, batch, shardId, mapping.eventSourceArn(), false);
            result = lambda.invoke(new SyncInvocation(mapping.function(), mapping.qualifier(), event, null, trigger()))
                    .join();
        } catch (CompletionException | AwsException e) {
            Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
            onResult.accept("PROBLEM: " + cause.getMessage());
            return pause(NOT_INVOKED) ? attempt : null; // not a retry of the function: it did not run
        }
        if (window != null) {
            window.answered(json, result);
        }
        StreamRetry.Outcome outcome = StreamRetry.outcome(json, result, batch, mapping.reportsItemFailures());
        StreamRetry.Step step = StreamRetry.after(mapping.stream(), attempt, outcome, clock.instant());
        apply(shardId, step, attempt.retries() + 1, result, checkpoints);
        onResult.accept(outcome instanceof StreamRetry.Outcome.Success ? "OK" : "PROBLEM: Function call failed");
        if (!step.delay().isZero() && !pause(step.delay())) {
            return null;
        }
        return step.next();
    }

    /**
     * Sends the record of what the step discarded to the OnFailure queue, if there is one, then
     * moves the checkpoint (when this worker keeps it): the record before the checkpoint, so that a
     * crash between them repeats the record rather than loses it.
     */
    private void apply(
            String shardId, StreamRetry.Step step, int invokeCount, InvocationResult last, boolean checkpoints) {
        String onFailure = mapping.stream().onFailure();
        if (!step.discarded().isEmpty() && onFailure != null && queues != null) {
            String record = StreamFailures.record(
                    json,
                    source.origin(shardId),
                    step.discarded(),
                    step.condition(),
                    invokeCount,
                    last,
                    clock.instant());
            queues.send(onFailure, record, Map.of(), null, null);
        }
        if (checkpoints && step.checkpoint() != null) {
            checkpoint(shardId, step.checkpoint());
        }
    }

    /** Stores the shard's checkpoint, unless the mapping was stopped (its rows may be gone). */
    private void checkpoint(String shardId, String position) {
        if (stopped) {
            return;
        }
        checkpoints.put(mapping.uuid(), shardId, position);
        positions.put(shardId, position);
    }

    /** Told of a put to the stream: wakes the workers waiting for records. */
    private void wake() {
        putLock.lock();
        try {
            puts++;
            put.signalAll();
        } finally {
            putLock.unlock();
        }
    }

    private long puts() {
        putLock.lock();
        try {
            return puts;
        } finally {
            putLock.unlock();
        }
    }

    /** Waits until a put after {@code seen} is heard, at most {@link #AWAIT_PUT} (a put may be missed). */
    private void awaitPut(long seen) throws InterruptedException {
        putLock.lock();
        try {
            if (puts == seen && !stopped) {
                put.await(AWAIT_PUT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } finally {
            putLock.unlock();
        }
    }

    /** Waits {@code d}; false when stopped meanwhile. */
    private boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return !stopped;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A Kinesis stream is a messaging system's; a DynamoDB stream tells of a data source's changes. */
    private InvocationTrigger trigger() {
        return mapping.eventSourceArn().startsWith("arn:aws:kinesis:")
                ? InvocationTrigger.PUBSUB
                : InvocationTrigger.DATASOURCE;
    }
}
