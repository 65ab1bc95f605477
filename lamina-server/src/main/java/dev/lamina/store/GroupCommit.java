package dev.lamina.store;

import dev.lamina.async.AsyncEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Writes newly accepted events to {@code event_queue} with group commit: one writer thread takes
 * every event waiting when its previous commit ended, inserts them in one transaction and commits
 * once, synced to disk ({@code synchronous=FULL}), then releases their callers. One event alone
 * costs one sync (about half a millisecond here); a burst shares it.
 *
 * <p>The connection is its own, so that the sync setting and the writes do not hold up the node's
 * shared connection; SQLite's WAL lets it write beside that one.
 */
final class GroupCommit implements AutoCloseable {
    private static final int MAX_BATCH = 512;
    private static final Pending STOP = new Pending(null, null);

    private record Pending(AsyncEvent event, CompletableFuture<Void> done) {}

    private final Connection connection;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private boolean closed;

    GroupCommit(Path file) throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
        }
        connection.setAutoCommit(false);
        this.thread = Thread.ofPlatform().daemon().name("lamina-event-writer").start(this::run);
    }

    /** Writes one event; returns once it is committed. Called by request threads. */
    void insert(AsyncEvent event) {
        Pending p = new Pending(event, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The node is shutting down and accepts no more events.");
            }
            pending.add(p);
        }
        try {
            p.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the event was being written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql
                    ? new SqliteFunctionStore.StoreException(sql)
                    : new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                break;
            }
            pending.drainTo(batch, MAX_BATCH - 1);
            stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
        }
        IllegalStateException closing = new IllegalStateException("The node is shutting down.");
        for (Pending p; (p = pending.poll()) != null; ) {
            if (p != STOP) {
                p.done().completeExceptionally(closing);
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            SqliteEventQueue.insert(
                    connection, batch.stream().map(Pending::event).toList());
            connection.commit();
            batch.forEach(p -> p.done().complete(null));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Writes what is waiting, then stops the writer and closes its connection. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.add(STOP);
        }
        try {
            thread.join(10_000);
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new SqliteFunctionStore.StoreException(e);
        }
    }
}
