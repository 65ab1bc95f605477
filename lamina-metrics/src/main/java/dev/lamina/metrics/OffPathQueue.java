package dev.lamina.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * What the invoke path hands to a slower consumer (a database, a collector over the network): a
 * bounded buffer in memory (a lock-free queue and a counter: no lock on the invoke path, where an
 * {@code ArrayBlockingQueue} would take one shared with the consumer) and one thread of its own that
 * drains it into a {@link Sink}, a batch at a time. The thread sleeps while the buffer is empty and
 * the first item to arrive wakes it. When the sink falls behind by a full buffer, new items are
 * dropped and counted ({@link #dropped}) rather than stalling the invoke path.
 *
 * <p>Threads: {@link #offer} from any thread, never blocking; {@link #drain} from the queue's thread
 * (or a test's); {@link #close} once, as the node stops, which hands what is left to the sink.
 *
 * @param <T> what is queued
 */
public final class OffPathQueue<T> implements AutoCloseable {
    /** The longest the thread sleeps: a wake-up missed by a race costs at most this delay. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Takes a batch; returns how many of it it kept. Called from the queue's thread only. */
    @FunctionalInterface
    public interface Sink<T> {
        int accept(List<T> batch);
    }

    private final String name;
    private final int capacity;
    private final int batchSize;
    private final Sink<T> sink;
    private final ConcurrentLinkedQueue<T> buffer = new ConcurrentLinkedQueue<>();
    /** Items in the buffer: the bound, kept apart because the queue's own size() walks it. */
    private final AtomicInteger buffered = new AtomicInteger();

    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread thread;
    /** Set by the thread before it sleeps on an empty buffer; the next item wakes it. */
    private volatile boolean idle;

    private volatile boolean stopping;

    /**
     * @param name the thread's name
     * @param capacity items the buffer holds while the sink is busy
     * @param batchSize items handed to the sink at a time at most
     */
    public OffPathQueue(String name, int capacity, int batchSize, Sink<T> sink) {
        this.name = name;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.sink = sink;
    }

    /** Starts the thread, which drains the buffer as items arrive until {@link #close}. */
    public synchronized void start() {
        thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Queues {@code item}; {@code false} (and counted) when the buffer is full. Never blocks. */
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

    /** Items dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Items waiting in the buffer. */
    public int pending() {
        return buffered.get();
    }

    /** Hands what the buffer holds to the sink, a batch at a time; returns how many it kept. */
    public int drain() {
        int kept = 0;
        List<T> batch = new ArrayList<>(batchSize);
        while (take(batch) > 0) {
            kept += sink.accept(batch);
            batch.clear();
        }
        return kept;
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

    private void run() {
        while (!stopping) {
            if (drain() == 0) {
                idle = true;
                if (buffer.isEmpty() && !stopping) { // an item added before idle was seen wakes nobody
                    LockSupport.parkNanos(this, IDLE_NANOS);
                }
                idle = false;
            }
        }
    }

    /** Stops the thread and hands what is left to the sink. */
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
