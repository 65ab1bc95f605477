package dev.lamina.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes off a hot path: {@link #offer} puts an item in a bounded buffer (a lock-free queue and a
 * counter, never blocking; past the capacity an item is dropped and counted), and one thread of its
 * own hands the buffer to a {@link Sink} in batches. Two paces:
 *
 * <ul>
 *   <li>{@link #onArrival}: batches of at most {@code batch} items as they arrive; the writer sleeps
 *       while the buffer is empty and the first item to arrive wakes it (metering's records).
 *   <li>{@link #everyTick}: once a tick, everything that arrived as one batch, an empty one too (so
 *       that the sink can add a sample of its own each tick: Lambda's metrics).
 * </ul>
 *
 * <p>What may be lost: a kill loses what the buffer holds; a clean stop ({@link #close}) writes it.
 * Threads: {@link #offer} from any thread; {@link #drain} from the writer thread or a test's, one at
 * a time (the sink is never called concurrently); {@link #close} once, as the owner stops.
 */
public final class BatchWriter<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BatchWriter.class.getName());

    /** Where the batches go. */
    @FunctionalInterface
    public interface Sink<T> {
        /**
         * Writes one batch and returns how many items it wrote. A write the store refuses is the
         * sink's to log (it would be refused again); a batch it throws a runtime exception on is lost and
         * counted in {@link #dropped}, and the writer goes on.
         */
        int write(List<T> batch);
    }

    private final String threadName;
    private final int capacity;
    private final int batchSize;
    private final boolean everyTick;
    private final long parkNanos;
    private final Sink<T> sink;
    private final ConcurrentLinkedQueue<T> buffer = new ConcurrentLinkedQueue<>();
    /** Items in the buffer: the bound, kept apart because the queue's own size() walks it. */
    private final AtomicInteger buffered = new AtomicInteger();

    private final AtomicLong dropped = new AtomicLong();
    private boolean sinkFailureLogged;
    private volatile Thread thread;
    /** Set by an on-arrival writer before it sleeps on an empty buffer; the next item wakes it. */
    private volatile boolean idle;

    private volatile boolean stopping;

    private BatchWriter(
            String threadName, int capacity, int batchSize, boolean everyTick, Duration park, Sink<T> sink) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("a batch writer holds and writes at least one item");
        }
        this.threadName = threadName;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.everyTick = everyTick;
        this.parkNanos = park.toNanos();
        this.sink = sink;
    }

    /**
     * A writer of batches of at most {@code batch} items as they arrive.
     *
     * @param idle the longest the writer sleeps on an empty buffer: a wake-up missed by a race costs
     *     at most this delay
     */
    public static <T> BatchWriter<T> onArrival(
            String threadName, int capacity, int batch, Duration idle, Sink<T> sink) {
        return new BatchWriter<>(threadName, capacity, batch, false, idle, sink);
    }

    /** A writer of all that arrived once every {@code tick}, as one batch (empty ones included). */
    public static <T> BatchWriter<T> everyTick(String threadName, int capacity, Duration tick, Sink<T> sink) {
        return new BatchWriter<>(threadName, capacity, capacity, true, tick, sink);
    }

    /** Buffers {@code item}; false when the buffer is full and the item was dropped. Never blocks. */
    public boolean offer(T item) {
        if (buffered.incrementAndGet() > capacity) {
            buffered.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        buffer.add(item);
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
        return true;
    }

    /** Items lost: dropped because the buffer was full, or in a batch the sink threw on. */
    public long dropped() {
        return dropped.get();
    }

    /** Items waiting in the buffer. */
    public int pending() {
        return buffered.get();
    }

    /**
     * Hands what the buffer holds to the sink: on arrival, a batch at a time while any is left;
     * every tick, once, as one batch. Returns how many items the sink wrote.
     */
    public synchronized int drain() {
        List<T> batch = new ArrayList<>(Math.min(batchSize, 1_024));
        if (everyTick) {
            take(batch);
            return write(batch);
        }
        int written = 0;
        while (take(batch) > 0) {
            written += write(batch);
            batch.clear();
        }
        return written;
    }

    /** The sink's write; a batch it throws on is lost and counted, and the writer goes on with the next. */
    private int write(List<T> batch) {
        try {
            return sink.write(batch);
        } catch (RuntimeException e) {
            dropped.addAndGet(batch.size());
            if (!sinkFailureLogged) {
                sinkFailureLogged = true;
                LOG.log(
                        Level.WARNING,
                        threadName + " lost a batch of " + batch.size() + " (later losses are counted only)",
                        e);
            }
            return 0;
        }
    }

    /** Moves up to a batch of items from the buffer into {@code batch}; returns how many. */
    private int take(List<T> batch) {
        T item;
        while (batch.size() < batchSize && (item = buffer.poll()) != null) {
            batch.add(item);
        }
        buffered.addAndGet(-batch.size());
        return batch.size();
    }

    /** Starts the writer thread, which drains at its pace until {@link #close}. */
    public synchronized void start() {
        thread = Thread.ofPlatform().daemon().name(threadName).start(everyTick ? this::tick : this::onArrival);
    }

    private void tick() {
        while (!stopping) {
            LockSupport.parkNanos(this, parkNanos);
            drain();
        }
    }

    private void onArrival() {
        while (!stopping) {
            if (drain() == 0) {
                idle = true;
                if (buffer.isEmpty() && !stopping) { // an item added before idle was seen wakes nobody
                    LockSupport.parkNanos(this, parkNanos);
                }
                idle = false;
            }
        }
    }

    /** Stops the writer thread and writes what is left. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            running = thread;
            stopping = true;
        }
        if (running != null) {
            LockSupport.unpark(running);
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
    }
}
