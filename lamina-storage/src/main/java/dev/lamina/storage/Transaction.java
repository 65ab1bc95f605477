package dev.lamina.storage;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One open transaction, handed to a {@link Transactions.Work}: every statement made on its
 * {@link #connection()} commits or rolls back with the others. It is valid only while the work runs,
 * and only on the thread that runs it.
 */
public final class Transaction {
    private final Transactions store;
    private final Connection connection;
    private final Thread thread = Thread.currentThread();
    private List<Runnable> afterCommit;
    private boolean open = true;

    Transaction(Transactions store, Connection connection) {
        this.store = store;
        this.connection = connection;
    }

    /**
     * The connection the transaction runs on. Do not commit, roll back or change its auto-commit:
     * {@link Transactions#transaction} does that.
     *
     * @throws IllegalStateException once the transaction has ended, or on another thread
     */
    public Connection connection() {
        if (!open) {
            throw new IllegalStateException("the transaction has ended; use the one the current work was given");
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a transaction is used only on the thread that runs its work");
        }
        return connection;
    }

    /**
     * Returns this transaction after checking that it runs on {@code store}: a queue or outbox handed
     * another database's transaction would write outside it, and nothing would say so.
     *
     * @throws IllegalArgumentException if it runs on another store
     */
    public Transaction on(Transactions store) {
        if (this.store != store) {
            throw new IllegalArgumentException("the transaction belongs to another store");
        }
        return this;
    }

    /**
     * Runs {@code action} once the transaction has committed, on the committing thread, after the
     * store is free again; never if it rolls back. For what must not happen before the change is
     * durable, such as waking the thread that delivers it. An action that throws stops the actions
     * after it, and its exception reaches the caller of {@link Transactions#transaction}, although the
     * transaction stays committed.
     */
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        connection(); // refuses an ended transaction
        if (afterCommit == null) {
            afterCommit = new ArrayList<>(2);
        }
        afterCommit.add(action);
    }

    /** Ends the transaction; returns what must run now that it has committed (empty if it did not). */
    List<Runnable> end() {
        open = false;
        return afterCommit == null ? List.of() : afterCommit;
    }
}
