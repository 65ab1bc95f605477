package dev.lamina.metrics.usage;

import dev.lamina.metrics.OffPathQueue;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Metering off the invoke path: each ended invocation's {@link UsageRecord} goes into an {@link
 * OffPathQueue}, whose thread writes it into the {@link UsageStore}, a batch per transaction. While the
 * store keeps up the buffer holds what arrived during the last write, a few milliseconds' worth.
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

    private final UsageStore store;
    private final OffPathQueue<UsageRecord> queue;

    /** @param capacity records the buffer holds while the store is busy */
    public UsageWriter(UsageStore store, int capacity) {
        this.store = store;
        this.queue = new OffPathQueue<>("lamina-usage-writer", capacity, BATCH, this::write);
    }

    /** Starts the writer thread, which drains the buffer as records arrive until {@link #close}. */
    public void start() {
        queue.start();
    }

    @Override
    public void ended(InvocationReport report) {
        queue.offer(UsageRecord.of(report));
    }

    @Override
    public void throttled(String function) {
        // a throttled invocation never ran: Lambda bills it nothing
    }

    /** Records dropped because the buffer was full. */
    public long dropped() {
        return queue.dropped();
    }

    /** Records waiting in the buffer. */
    public int pending() {
        return queue.pending();
    }

    /**
     * Writes what the buffer holds, a batch per transaction; returns how many it wrote. A batch the
     * store refuses is logged and lost (it would be refused again); the next one is tried.
     */
    public int drain() {
        return queue.drain();
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

    /** Stops the writer thread and writes what is left. */
    @Override
    public void close() {
        queue.close();
    }
}
