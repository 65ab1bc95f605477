package dev.lamina.storage.queue;

import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named queue of work with leased claims, for at-least-once delivery: an item stays until its owner
 * settles it ({@link #complete}, {@link #reschedule}, {@link #release}); a claim whose lease lapses
 * (its owner died) makes the item claimable again. SQLite's {@link SqliteWorkQueue} on one node;
 * PostgreSQL in a cluster claims with {@code SELECT … FOR UPDATE SKIP LOCKED}, so that nodes claiming
 * at once take different items and none waits for another.
 *
 * <p>Every operation runs in the caller's {@link Transaction}, so that the change that made the work
 * and the work commit together, and a claim commits before the work is done (claim in a short
 * transaction of its own, run the work, settle in another). Times are the caller's ({@code now} comes
 * from its injected clock), with millisecond resolution. Claims are made within one group, earliest
 * due first; a queue that does not group its work uses {@link WorkItem#NO_GROUP}.
 */
public interface WorkQueue {

    /** The queue's name, unique in its store. */
    String name();

    /**
     * Adds {@code item}, unclaimed, due at its {@code dueAt}.
     *
     * @return false, adding nothing, if the queue already holds an item with its id
     */
    boolean enqueue(Transaction tx, WorkItem item);

    /**
     * Claims up to {@code max} of a group's items that are claimable at {@code now} (due and unclaimed,
     * or their lease lapsed), earliest first, for {@code lease}.
     */
    List<QueuedItem> claim(Transaction tx, String group, Instant now, Lease lease, int max);

    /**
     * Claims up to {@code max} of a group's items that expired at or before {@code now}, due or not,
     * earliest expiry first, for {@code lease}: their owner disposes of them (a failure record, a drop).
     */
    List<QueuedItem> claimExpired(Transaction tx, String group, Instant now, Lease lease, int max);

    /** Removes an item whose work is done. Returns whether it was there. */
    boolean complete(Transaction tx, String id);

    /**
     * Gives an item back to be claimed again at {@code dueAt} after a failed attempt: its lease goes,
     * its attempts grow by one, and {@code attributes} replace its own. Returns whether it was there.
     */
    boolean reschedule(Transaction tx, String id, Instant dueAt, Map<String, String> attributes);

    /**
     * Changes the lease of an item that {@code owner} holds: it now lapses at {@code until} (at once,
     * if that is not after the time of the next claim), and {@code attributes} replace the item's own.
     * For a consumer that sets how long it keeps an item (SQS's visibility timeout) and counts its
     * deliveries in the item.
     *
     * @return false, changing nothing, when the item is gone or its claim is another owner's (claimed
     *     again since, by someone else)
     */
    boolean renew(Transaction tx, String id, String owner, Instant until, Map<String, String> attributes);

    /** Gives an item back unchanged, claimable again from its due time. Returns whether it was there. */
    boolean release(Transaction tx, String id);

    /**
     * Gives back every claim held by an owner other than {@code owner}, whatever its lease. Only for one
     * node on its own store, at start: the other owners are the node's earlier runs, dead or stopped.
     *
     * @return how many items were given back
     */
    int releaseAllBut(Transaction tx, String owner);

    /** Removes a group's unclaimed items (a lapsed claim counts as claimed until claimed again). */
    int discard(Transaction tx, String group);

    /**
     * Removes every item, claimed or not, of the groups whose names start with {@code groupPrefix} (a
     * queue whose work is spread over groups named after it: an SQS FIFO queue's message groups).
     * Returns how many went.
     */
    int purge(Transaction tx, String groupPrefix);

    /** The groups that have an item claimable or expired at {@code now}, in no set order. */
    List<String> groupsWithWork(Transaction tx, Instant now);

    /**
     * The earliest time after {@code now} at which an item becomes claimable (falls due, or its lease
     * lapses), if any: how long a dispatcher may sleep.
     */
    Optional<Instant> nextDueAfter(Transaction tx, Instant now);

    /**
     * {@link #nextDueAfter(Transaction, Instant)} among the groups whose names start with
     * {@code groupPrefix} only: how long a consumer of those groups may wait.
     */
    Optional<Instant> nextDueAfter(Transaction tx, String groupPrefix, Instant now);

    /** The item with {@code id} and its delivery state, if the queue holds it. */
    Optional<QueuedItem> inspect(Transaction tx, String id);

    /** How many items the queue holds, claimed or not. */
    int size(Transaction tx);

    /**
     * The earliest due time of the unclaimed items due at {@code now}: since when the longest-waiting
     * item has waited. Empty when none waits. Reads every unclaimed item, so for metrics, not for a
     * hot path.
     */
    Optional<Instant> oldestDue(Transaction tx, Instant now);

    /** The queue's items by state at {@code now}; reads them all, so for metrics, not for a hot path. */
    QueueCounts counts(Transaction tx, Instant now);

    /**
     * The items by state at {@code now} of the groups whose names start with {@code groupPrefix}; reads
     * their range of the index.
     */
    QueueCounts counts(Transaction tx, String groupPrefix, Instant now);

    /**
     * The groups whose names start with {@code groupPrefix} that have an item claimable at {@code now},
     * by name; hops along the index from group to group.
     */
    List<String> groupsWithWork(Transaction tx, String groupPrefix, Instant now);

    /**
     * Claims a group's first items in order (due time, then enqueue order), up to {@code max},
     * stopping at the first that is not claimable at {@code now}: an item claimed and not lapsed, or
     * not yet due, holds back every item behind it. For work that must be done in order, one batch at a
     * time (an SQS FIFO message group). Sorts the group's items: for groups of modest size.
     */
    List<QueuedItem> claimInOrder(Transaction tx, String group, Instant now, Lease lease, int max);
}
