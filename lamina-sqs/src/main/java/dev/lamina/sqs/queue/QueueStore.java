package dev.lamina.sqs.queue;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where the node keeps its queues (not their messages): SQLite's {@link SqliteQueueStore} on one node.
 * Every call runs in the caller's transaction, so that a queue and its messages change together.
 */
public interface QueueStore {
    /** Adds {@code queue}; false, adding nothing, when a queue of its name exists. */
    boolean create(Transaction tx, Queue queue);

    Optional<Queue> find(Transaction tx, String name);

    /** Replaces the queue of {@code queue}'s name; false when there is none. */
    boolean update(Transaction tx, Queue queue);

    /** Removes the queue; false when there was none. */
    boolean delete(Transaction tx, String name);

    /** Up to {@code limit} queues whose names start with {@code prefix} and sort after {@code after} ({@code null}: from the first), by name. */
    List<Queue> list(Transaction tx, String prefix, String after, int limit);
}
