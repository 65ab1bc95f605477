package dev.lamina.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a WAL database's log back into its file from a thread and connection of its own. SQLite would
 * otherwise do it inside the commit that fills the log past its threshold, and that commit would pay
 * the copy and two fsyncs (milliseconds) while every other writer waits for the connection. A passive
 * checkpoint runs beside the writer without blocking it; the log starts over at the first commit after
 * a checkpoint that copied all of it.
 *
 * <p>It checkpoints after every {@link #EVERY} commits, and within a second of any commit on a quiet
 * database; {@link #close} checkpoints the whole log and truncates it. Thread-safe.
 */
final class Checkpointer implements AutoCloseable {
    /** Commits between checkpoints on a busy database: a few hundred pages of log. */
    static final long EVERY = 256;

    private final Connection connection;
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private long checkpointed;
    private boolean closed;

    Checkpointer(String url) throws SQLException {
        this.connection = DriverManager.getConnection(url);
        this.thread = Thread.ofPlatform().daemon().name("lamina-checkpointer").start(this::run);
    }

    /** Called after each commit; wakes the checkpointer when enough have piled up. */
    void committed() {
        if (commits.incrementAndGet() - EVERY >= checkpointed) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    long commits() {
        return commits.get();
    }

    /** Checkpoints so far that copied back what was committed when they began. */
    long checkpoints() {
        return checkpoints.get();
    }

    private void run() {
        while (true) {
            synchronized (this) {
                try {
                    if (!closed && commits.get() - checkpointed < EVERY) {
                        wait(1000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
            }
            long seen = commits.get();
            if (seen != checkpointed) {
                try {
                    if (checkpoint("PASSIVE")) {
                        checkpointed = seen;
                        checkpoints.incrementAndGet();
                    }
                } catch (SQLException e) {
                    // The next round tries again; until then the log only grows.
                }
            }
        }
    }

    /** Whether the checkpoint copied back the whole log (SQLite answers busy, log pages, pages copied). */
    private boolean checkpoint(String mode) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() && rs.getInt(1) == 0 && rs.getInt(2) == rs.getInt(3);
        }
    }

    /** Stops the thread, then checkpoints the whole log and truncates it; called with no commit in progress. */
    @Override
    public void close() throws SQLException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpoint("TRUNCATE");
        } finally {
            connection.close();
        }
    }
}
