package dev.lamina.cloudwatch.lambda;

import dev.lamina.cloudwatch.metric.Aggregate;
import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.core.BatchWriter;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lambda's own metrics in namespace {@code AWS/Lambda}, from what Lambda tells its
 * {@link InvocationObserver}. On the invoke path an ended invocation or a throttle is only queued (a
 * {@link BatchWriter}, bounded: past {@link #CAPACITY} events are dropped and counted), and
 * so is a function's log line that may be in the Embedded Metric Format ({@link EmbeddedMetrics});
 * once a second a thread of its own turns the queue into data ({@link LambdaDatums}), adds a sample of
 * ConcurrentExecutions, rolls it up per second and minute and writes it in one transaction, and once a
 * minute drops what is past retention.
 *
 * <p>What may be lost: a kill loses the last second's events; a clean stop ({@link #close}) writes
 * them. Threads: {@link #ended}/{@link #throttled} from any thread, never blocking; {@link #drain} from
 * the writer thread (or a test's).
 */
public final class LambdaMetrics implements InvocationObserver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LambdaMetrics.class.getName());

    /** Events held between two writes at most: many seconds of the node's fastest invoke rate. */
    static final int CAPACITY = 65_536;

    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration EXPIRY_EVERY = Duration.ofMinutes(1);

    /** One thing Lambda told: an invocation's end, or a throttle at a moment. */
    private sealed interface Event {}

    private record Ended(InvocationReport report) implements Event {}

    private record Throttled(String function, Instant at) implements Event {}

    /** A function's log line that may be in the Embedded Metric Format. */
    private record Logged(String line, Instant at) implements Event {}

    private final Metrics metrics;
    private final InstantSource clock;
    private final IntSupplier concurrentExecutions;
    private final BatchWriter<Event> writer;
    /** Read and written by the sink only, which {@link BatchWriter#drain} calls one at a time. */
    private Instant lastExpiry = Instant.MIN;

    public LambdaMetrics(Metrics metrics, InstantSource clock, IntSupplier concurrentExecutions) {
        this.metrics = metrics;
        this.clock = clock;
        this.concurrentExecutions = concurrentExecutions;
        this.writer = BatchWriter.everyTick("lamina-cloudwatch-lambda", CAPACITY, TICK, this::write);
    }

    @Override
    public void ended(InvocationReport report) {
        offer(new Ended(report));
    }

    @Override
    public void throttled(String function) {
        offer(new Throttled(function, clock.instant()));
    }

    /**
     * A function wrote {@code line} to its log at {@code timestamp} (epoch milliseconds): queued when
     * it may be an Embedded Metric Format line, its metrics read on the writer thread. Called on the
     * log reader's thread; never blocks.
     */
    public void logged(String line, long timestamp) {
        if (EmbeddedMetrics.mayBe(line)) {
            offer(new Logged(line, Instant.ofEpochMilli(timestamp)));
        }
    }

    private void offer(Event event) {
        writer.offer(event);
    }

    /** Events dropped because the queue was full. */
    public long dropped() {
        return writer.dropped();
    }

    /**
     * Writes what the queue holds, with a sample of ConcurrentExecutions when anything ran or runs,
     * and drops old data once a minute; returns how many data were written. A write the store refuses
     * is logged and lost.
     */
    public int drain() {
        return writer.drain();
    }

    private int write(List<Event> events) {
        Instant now = clock.instant();
        List<Datum> data = new ArrayList<>();
        for (Event event : events) {
            switch (event) {
                case Ended e -> LambdaDatums.ended(e.report(), data);
                case Throttled t -> LambdaDatums.throttled(t.function(), t.at(), data);
                case Logged l -> EmbeddedMetrics.parse(l.line(), l.at(), data);
            }
        }
        int taken = events.size();
        int running = concurrentExecutions.getAsInt();
        if (running > 0 || taken > 0) {
            data.add(new Datum(
                    Metric.of(LambdaDatums.NAMESPACE, "ConcurrentExecutions", Map.of()),
                    "Count",
                    now,
                    Aggregate.of(running),
                    true));
        }
        try {
            metrics.put(data);
            if (!now.isBefore(lastExpiry.plus(EXPIRY_EVERY))) {
                lastExpiry = now;
                metrics.expire(now);
            }
            return data.size();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not keep " + data.size() + " of Lambda's metric data", e);
            return 0;
        }
    }

    /** Starts the writer thread, which drains once a second until {@link #close}. */
    public void start() {
        writer.start();
    }

    /** Stops the writer thread and writes what is left. */
    @Override
    public void close() {
        writer.close();
    }
}
