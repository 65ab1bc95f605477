package dev.lamina.storage.outbox;

import dev.lamina.storage.Transactions;
import dev.lamina.storage.queue.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the {@link Outbox}'s entries to the handlers of their topics, at least once: it claims the
 * heads that are due (each the first entry of its topic and key), hands each to its handler, and
 * removes it once the handler returns; a handler that throws, or a topic with no handler yet, makes the
 * entry wait {@link Backoff#after} its failures and be tried again, holding back the entries behind it.
 * Each claim has a lease, so an entry whose node died mid-delivery is delivered again once it lapses;
 * a handler must therefore take an entry twice without harm.
 *
 * <p>One thread, started by {@link #start}: it runs {@link #deliverDue} while there is work, then waits
 * for an append to commit or for {@code poll} to pass (how soon a retry that fell due is noticed).
 * Handlers run on that thread one after another, so they should be quick (enqueue work, call an SPI).
 * Tests call {@link #deliverDue} themselves with a clock they move.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());
    private static final int BATCH = 64;

    /** Takes an entry of its topic; throws to have it tried again later. */
    @FunctionalInterface
    public interface Handler {
        void deliver(OutboxEntry entry) throws Exception;
    }

    /**
     * How the relay retries and holds its claims.
     *
     * @param backoff the wait after each failure of an entry
     * @param lease how long a claim holds: longer than any handler takes
     * @param poll the longest the relay waits without an append
     */
    public record Timing(Backoff backoff, Duration lease, Duration poll) {
        public static final Timing DEFAULT = new Timing(
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
                Duration.ofMinutes(1),
                Duration.ofSeconds(1));
    }

    private final Transactions store;
    private final Outbox outbox;
    private final Clock clock;
    private final String owner;
    private final Timing timing;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    /** A permit per wake-up since the thread last looked; it takes them all at once. */
    private final Semaphore wakeups = new Semaphore(0);

    private volatile boolean closing;
    private Thread thread;

    /** @param owner who holds the relay's claims: the node's id, unique per start */
    public OutboxRelay(Transactions store, Outbox outbox, Clock clock, String owner, Timing timing) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.owner = owner;
        this.timing = timing;
        outbox.onAppend(this::wake);
    }

    /** Delivers {@code topic}'s entries to {@code handler} from now on; one handler per topic. */
    public void register(String topic, Handler handler) {
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("topic " + topic + " already has a handler");
        }
        wake(); // entries appended before there was a handler may be waiting
    }

    /**
     * One pass: claims the due heads and delivers each. Returns how many entries it handled, delivered
     * or failed; 0 when nothing was due. Called by the relay's thread, or by a test.
     */
    public int deliverDue() {
        Instant now = clock.instant();
        Lease lease = Lease.until(owner, now.plus(timing.lease()));
        List<OutboxEntry> heads = store.transaction(tx -> outbox.claimHeads(tx, now, lease, BATCH));
        for (OutboxEntry entry : heads) {
            deliver(entry);
        }
        return heads.size();
    }

    private void deliver(OutboxEntry entry) {
        Handler handler = handlers.get(entry.topic());
        String error;
        try {
            if (handler == null) {
                error = "no handler for topic " + entry.topic();
            } else {
                handler.deliver(entry);
                store.transaction(tx -> {
                    outbox.delivered(tx, entry.seq());
                    return null;
                });
                return;
            }
        } catch (Exception e) {
            error = e.toString();
        }
        int failures = entry.attempts() + 1;
        Instant retryAt = clock.instant().plus(timing.backoff().after(failures));
        LOG.log(
                failures == 1 ? Level.INFO : Level.WARNING,
                "outbox entry " + entry.seq() + " of " + entry.topic() + " failed " + failures + " time(s) (" + error
                        + "); next try at " + retryAt);
        String reason = error;
        store.transaction(tx -> {
            outbox.failed(tx, entry.seq(), retryAt, reason);
            return null;
        });
    }

    /**
     * Gives back the claims of the node's earlier runs, so that what they claimed and did not deliver
     * goes out now rather than once their leases lapse. Only for one node on its own store (a cluster's
     * relays wait for the leases); called before {@link #start}. Returns how many were given back.
     */
    public int recover() {
        return store.transaction(tx -> outbox.releaseAllBut(tx, owner));
    }

    /** Starts the relay's thread. Called once, when the node starts. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("lamina-outbox-relay").start(this::run);
    }

    private void run() {
        while (!closing) {
            try {
                if (deliverDue() == 0) {
                    await(timing.poll());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.WARNING, "relaying the outbox failed; trying again", e);
                try {
                    await(timing.poll());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void await(Duration max) throws InterruptedException {
        if (wakeups.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS)) {
            wakeups.drainPermits();
        }
    }

    /** Makes the relay look for work now. Called after an append commits, from any thread. */
    public void wake() {
        wakeups.release();
    }

    /**
     * Stops the thread, waiting up to five seconds for a delivery in progress; one cut short is made
     * again once its lease lapses.
     */
    @Override
    public void close() {
        closing = true;
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
