package dev.lamina.sqs.message;

import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.util.Optional;

/**
 * What a FIFO queue remembers of the messages it took: each deduplication id for five minutes (a send
 * with the same id in that time is answered as the first was and adds nothing), and the last sequence
 * number it gave. SQLite's {@link SqliteDeduplication} on one node; every call runs in the caller's
 * transaction, so a message and its deduplication entry commit together.
 */
public interface Deduplication {
    /** The answer to the send that took {@code key} in queue group {@code queue}, if that was after {@code now} minus its interval. */
    Optional<Sent> find(Transaction tx, String queue, String key, Instant now);

    /** Remembers {@code key}'s send until {@code until}, dropping the queue's entries that ended before {@code now}. */
    void remember(Transaction tx, String queue, String key, Sent sent, Instant now, Instant until);

    /** The queue's next sequence number, greater than every one it gave before. */
    long nextSequence(Transaction tx, String queue);

    /** Forgets a deleted queue. */
    void forget(Transaction tx, String queue);
}
