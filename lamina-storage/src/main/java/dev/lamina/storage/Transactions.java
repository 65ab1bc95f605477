package dev.lamina.storage;

import java.sql.SQLException;

/**
 * Runs units of work as transactions on the node's store: SQLite's {@link Database} on one node,
 * PostgreSQL in a cluster. A service writes its own rows, and the work queue's or outbox's rows that go
 * with them, through the one {@link Transaction} it is handed, so they commit together or not at all.
 */
public interface Transactions {

    /**
     * Runs {@code work} in a new transaction and commits it when {@code work} returns; returns what
     * {@code work} returned. Any throwable from {@code work} (or a failed commit) rolls everything back
     * and is rethrown: a {@link RuntimeException} or {@link Error} as it is, an {@link SQLException}
     * as a {@link StorageException}. After a commit, and outside the store's lock, the actions given
     * to {@link Transaction#afterCommit} run in order.
     *
     * <p>Transactions do not nest: calling this (or anything else that takes the store) from inside
     * {@code work} throws {@link IllegalStateException}; pass the {@link Transaction} down instead.
     * Any thread may call it; on SQLite one transaction runs at a time and the others wait.
     */
    <T> T transaction(Work<T> work);

    /**
     * Runs {@code work}, which only reads, in a transaction of its own that sees everything committed
     * before it began: beside the writers, where the store allows it (SQLite's write-ahead log lets
     * readers run on connections of their own), else as {@link #transaction} does. A write in it
     * fails. The same rules of nesting hold.
     */
    default <T> T read(Work<T> work) {
        return transaction(work);
    }

    /** A unit of work; it may use the transaction only until it returns. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }
}
