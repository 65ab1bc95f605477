package dev.lamina.metrics.usage;

import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metering off the invoke path: each ended invocation's {@link UsageRecord} goes into a bounded
 * buffer in memory (a lock-free queue and a counter: no lock on the invoke path), and one thread of
 * its own drains it into the {@link UsageStore}, a batch per transaction. While the store keeps up the
 * buffer holds what arrived during the last write, a few milliseconds' worth. The writer sleeps while
 * the buffer is empty and the first record to arrive wakes it.
 *
 * <p>What may be lost, and why that is the choice (decision 47): a kill or crash of the node loses
 * the records still in the buffer; a clean stop ({@link #close}) writes them all. Riding on a
 * transaction the invocation already makes would lose nothing, but a synchronous invocation makes
 * none (the invoke path writes nothing to the database), and one write per invocation is what the
 * batch saves. When the store falls behind by a full buffer, new records are dropped and counted
 * ({@link #dropped}) rather than stalling the invoke path.
 *
 * <p>Threads: {@link #ended} from any thread, never blocking; {@link #drain} from the writer thread
 * (or a test's); {@link #close} once, by the node as it stops, after Lambda stopped.
 */
public final class UsageWriter implements InvocationObserver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageWriter.class.getName());
    /** Records written per transaction at most. */
    static final int BATCH = 1_000;

    /** The longest the writer sleeps: a wake-up missed by a race costs at most this delay. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final UsageStore store;
    private final int capacity;
    private final ConcurrentLinkedQueue<UsageRecord> buffer = new ConcurrentLinkedQueue<>();
    /** Records in the buffer: the bound, kept apart because the queue's own size() walks it. */
    private final AtomicInteger buffered = new AtomicInteger();

    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread thread;
    /** Set by the writer before it sleeps on an empty buffer; the next record wakes it. */
    private volatile boolean idle;

    private volatile boolean stopping;

    /** @param capacity records the buffer holds while the store is busy */
    public UsageWriter(UsageStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** Starts the writer thread, which drains the buffer as records arrive until {@link #close}. */
    public synchronized void start() {
        thread = Thread.ofPlatform().daemon().name("lamina-usage-writer").start(this::run);
    }

    @Override
    public void ended(InvocationReport report) {
        if (buffered.incrementAndGet() > capacity) {
            buffered.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        buffer.add(UsageRecord.of(report));
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void throttled(String function) {
        // a throttled invocation never ran: Lambda bills it nothing
    }

    /** Records dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Records waiting in the buffer. */
    public int pending() {
        return buffered.get();
    }

    /**
     * Writes what the buffer holds, a batch per transaction; returns how many it wrote. A batch the
     * store refuses is logged and lost (it would be refused again); the next one is tried.
     */
    public int drain() {
        int written = 0;
        List<UsageRecord> batch = new ArrayList<>(BATCH);
        while (take(batch) > 0) {
            written += write(batch);
            batch.clear();
        }
        return written;
    }

    /** Moves up to {@link #BATCH} records from the buffer into {@code batch}; returns how many. */
    private int take(List<UsageRecord> batch) {
        UsageRecord record;
        while (batch.size() < BATCH && (record = buffer.poll()) != null) {
            batch.add(record);
        }
        buffered.addAndGet(-batch.size());
        return batch.size();
    }

    private int write(List<UsageRecord> batch) {
        try {
            store.append(batch);
            return batch.size();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not keep " + batch.size() + " usage records", e);
            return 0;
        }
    }

    private void run() {
        while (!stopping) {
            if (drain() == 0) {
                idle = true;
                if (buffer.isEmpty() && !stopping) { // a record added before idle was seen wakes nobody
                    LockSupport.parkNanos(this, IDLE_NANOS);
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
