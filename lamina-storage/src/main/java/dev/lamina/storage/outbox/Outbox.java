package dev.lamina.storage.outbox;

import dev.lamina.storage.Transaction;
import dev.lamina.storage.queue.Lease;
import java.time.Instant;
import java.util.List;

/**
 * Messages a transaction sends when, and only if, it commits: a service appends an entry in the
 * transaction that makes its change, and an {@link OutboxRelay} delivers it afterwards, at least once,
 * to the handler of its topic; entries of one topic and key are delivered in the order they were
 * appended, each only after the one before it was delivered. SQLite's {@link SqliteOutbox} on one node;
 * on PostgreSQL a relay on each node claims heads with {@code FOR UPDATE SKIP LOCKED}, and a claimed
 * head's lease keeps the entries behind it waiting.
 *
 * <p>{@link #append} is called by any thread in its own transaction; the other methods by the relay.
 */
public interface Outbox {

    /** The key of entries ordered within their whole topic. */
    String NO_KEY = "";

    /**
     * Appends an entry in {@code tx}: it exists, and will be delivered, only if {@code tx} commits. It
     * is due at once.
     *
     * @param topic what the entry is about: letters, digits and {@code . _ : / -}
     * @param key what it is ordered within under its topic (an object's key, a function's name)
     */
    void append(Transaction tx, String topic, String key, byte[] payload);

    /** Appends an entry ordered within its whole topic. */
    default void append(Transaction tx, String topic, byte[] payload) {
        append(tx, topic, NO_KEY, payload);
    }

    /**
     * Claims for {@code lease} up to {@code max} entries, each the first of its topic and key, that are
     * due at {@code now} and not claimed under a lease that holds; in append order.
     */
    List<OutboxEntry> claimHeads(Transaction tx, Instant now, Lease lease, int max);

    /** Removes an entry its handler took. */
    void delivered(Transaction tx, long seq);

    /** Counts a failed delivery and makes the entry due again at {@code retryAt}; the entries behind it wait. */
    void failed(Transaction tx, long seq, Instant retryAt, String error);

    /**
     * Gives back every claim held by an owner other than {@code owner}, whatever its lease. Only for one
     * node on its own store, at start: the other owners are the node's earlier runs, dead or stopped, and
     * what they had claimed need not wait for their leases to lapse.
     *
     * @return how many entries were given back
     */
    int releaseAllBut(Transaction tx, String owner);

    /** How many entries wait to be delivered. */
    int size(Transaction tx);

    /**
     * Runs {@code listener} after each transaction that appended commits, on the committing thread: how a
     * relay learns there is work without polling for it. One listener; a second replaces the first.
     */
    void onAppend(Runnable listener);
}
