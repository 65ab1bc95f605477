package dev.lamina.scheduler.timer;

import dev.lamina.storage.Transaction;
import dev.lamina.storage.queue.Lease;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.WorkItem;
import dev.lamina.storage.queue.WorkQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The due-time index of everything that waits for a tick: one item of a {@link WorkQueue} per
 * {@link Lifecycle.Waiting}, keyed by the ARN of what waits (a schedule, a rule), due at its
 * {@code fireAt}, with its tick as an attribute. Every method runs in the caller's transaction, so that a
 * tick's firing, its record and its successor commit together: a tick fires once, across restarts.
 */
public final class Timers {
    private static final String TICK = "tick";

    private final WorkQueue queue;
    private final String owner;

    /** @param owner who claims the due items: the node's id for this start */
    public Timers(WorkQueue queue, String owner) {
        this.queue = queue;
        this.owner = owner;
    }

    /** A tick that is due, claimed for firing in the current transaction. */
    public record Due(String key, Lifecycle.Waiting waiting) {}

    /** Makes {@code key} wait as {@code lifecycle} says: for its tick, or for nothing. */
    public void set(Transaction tx, String key, Lifecycle lifecycle) {
        queue.complete(tx, key);
        if (lifecycle instanceof Lifecycle.Waiting waiting) {
            queue.enqueue(
                    tx,
                    new WorkItem(
                            key,
                            WorkItem.NO_GROUP,
                            new byte[0],
                            Map.of(TICK, Long.toString(waiting.tick().toEpochMilli())),
                            waiting.fireAt(),
                            null));
        }
    }

    /** Forgets {@code key}: it was deleted. */
    public void remove(Transaction tx, String key) {
        queue.complete(tx, key);
    }

    /** What {@code key} waits for, if anything. */
    public Optional<Lifecycle.Waiting> waiting(Transaction tx, String key) {
        return queue.inspect(tx, key).map(q -> waiting(q.item()));
    }

    /**
     * Claims up to {@code max} ticks due at {@code now}, earliest first. The caller settles each with
     * {@link #set} or {@link #remove} in the same transaction.
     */
    public List<Due> claimDue(Transaction tx, Instant now, int max) {
        List<QueuedItem> items = queue.claim(tx, WorkItem.NO_GROUP, now, Lease.untilSettled(owner), max);
        List<Due> out = new ArrayList<>(items.size());
        for (QueuedItem q : items) {
            out.add(new Due(q.item().id(), waiting(q.item())));
        }
        return out;
    }

    /** When the next tick after {@code now} falls due, if any: how long the firing thread may sleep. */
    public Optional<Instant> nextDueAfter(Transaction tx, Instant now) {
        return queue.nextDueAfter(tx, now);
    }

    private static Lifecycle.Waiting waiting(WorkItem item) {
        return new Lifecycle.Waiting(
                Instant.ofEpochMilli(Long.parseLong(item.attributes().get(TICK))), item.dueAt());
    }
}
