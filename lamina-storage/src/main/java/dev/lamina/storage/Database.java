package dev.lamina.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's embedded state database: one SQLite file under the data directory, opened in WAL mode
 * with {@code synchronous=NORMAL} (a commit survives a crash or kill of the node, not a power cut). A
 * single connection serves every store, one unit of work at a time, with commits grouped
 * ({@link #transaction}); PostgreSQL takes its place in a cluster. The write-ahead log is copied back
 * into the file by a {@link Checkpointer} of its own, not by the commit that happens to fill it.
 * SQLite's native library is kept unpacked in {@code native/} beside the file ({@link SqliteLibrary}).
 */
public final class Database implements Transactions, AutoCloseable {
    /** The most units of work one commit takes: enough to share a commit widely, few enough to keep each wait short. */
    static final int GROUP = 64;

    private final Connection connection;
    /** Who holds the connection: the caller running a group of transactions, or one in {@link #withConnection}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Units of work asked for and not yet taken into a group, in the order they were asked for. */
    private final ConcurrentLinkedQueue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();

    private final Checkpointer checkpointer;

    private final String url;
    /** Read-only connections not in use, for {@link #read}; as many are opened as readers run at once. */
    private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
    /** The most reads at once, and so the most read-only connections open: callers beyond wait their turn. */
    private static final int READERS = 8;

    private final java.util.concurrent.Semaphore reading = new java.util.concurrent.Semaphore(READERS, true);
    /** Whether the current thread runs a read's work: a transaction started in it would not nest. */
    private static final ThreadLocal<Boolean> READING = new ThreadLocal<>();

    private volatile boolean closed;

    public Database(Path file) throws SQLException {
        SqliteLibrary.useFrom(file.toAbsolutePath().getParent().resolve("native"));
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        Properties properties = new Properties();
        // Each transaction takes the write lock as it begins. A deferred one, reading before it wrote,
        // could not become a writer once the checkpointer had copied back the log it was reading from:
        // SQLITE_BUSY at its first write. This connection is the only writer, so nothing waits longer.
        properties.setProperty("transaction_mode", "IMMEDIATE");
        this.connection = DriverManager.getConnection(url, properties);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("PRAGMA wal_autocheckpoint=0"); // the checkpointer's job
            st.execute("CREATE TABLE IF NOT EXISTS functions (name TEXT PRIMARY KEY, config TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS concurrency (name TEXT PRIMARY KEY, reserved INTEGER NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS versions (name TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " config TEXT NOT NULL, PRIMARY KEY (name, version))");
            st.execute("CREATE TABLE IF NOT EXISTS version_numbers (name TEXT PRIMARY KEY, last INTEGER NOT NULL,"
                    + " source TEXT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS aliases (name TEXT NOT NULL, alias TEXT NOT NULL,"
                    + " config TEXT NOT NULL, PRIMARY KEY (name, alias))");
            st.execute("CREATE TABLE IF NOT EXISTS policies (name TEXT NOT NULL, qualifier TEXT NOT NULL,"
                    + " statements TEXT NOT NULL, PRIMARY KEY (name, qualifier))");
            st.execute("CREATE TABLE IF NOT EXISTS provisioned (name TEXT NOT NULL, qualifier TEXT NOT NULL,"
                    + " config TEXT NOT NULL, PRIMARY KEY (name, qualifier))");
        }
        this.checkpointer = new Checkpointer(url);
    }

    /**
     * A connection of its own to a node's database file that can only read: for a command that reads
     * the node's state while the node runs (WAL mode lets a reader beside the writer) or not. It
     * makes no table and changes no setting; the caller closes it.
     */
    public static Connection openReadOnly(Path file) throws SQLException {
        SqliteLibrary.useFrom(file.toAbsolutePath().getParent().resolve("native"));
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Runs {@code work} with exclusive use of the connection in auto-commit mode: each statement is its
     * own transaction. For reads and single statements; several writes that belong together go through
     * {@link #transaction}.
     *
     * @throws IllegalStateException inside a transaction, whose statements this would silently join
     */
    public <T> T withConnection(SqlWork<T> work) throws SQLException {
        refuseNesting();
        lock.lock();
        try {
            return work.run(connection);
        } finally {
            release();
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Group commit: transactions asked for while another commits wait together, and the first of
     * them to get the connection runs all of them (up to {@link #GROUP}, in the order they were asked
     * for) as savepoints of one SQLite transaction and commits once. A work that throws rolls back to
     * its savepoint alone; a failed commit fails the whole group. Each caller gets its own result or
     * exception, and runs its own after-commit actions, on its own thread once the group has committed.
     * The work itself may run on another caller's thread: it must not depend on which thread runs it.
     * Why: a commit costs more than the statements of a typical unit of work (a send, a put), so on a
     * busy node one commit per group instead of per caller multiplies what the one connection does.
     */
    @Override
    public <T> T transaction(Work<T> work) {
        refuseNesting();
        Unit<T> mine = new Unit<>(work, Thread.currentThread());
        waiting.add(mine);
        while (!mine.done) {
            if (lock.tryLock()) {
                try {
                    while (!mine.done) {
                        runGroup();
                    }
                } finally {
                    release();
                }
            } else {
                LockSupport.park(this);
            }
        }
        return mine.outcome();
    }

    /** Unlocks the connection and wakes the first waiting caller, to run its group next. */
    private void release() {
        lock.unlock();
        Unit<?> next = waiting.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    /** Runs the waiting units as one transaction; called with the lock held. */
    private void runGroup() {
        List<Unit<?>> group = new ArrayList<>();
        for (Unit<?> unit; group.size() < GROUP && (unit = waiting.poll()) != null; ) {
            group.add(unit);
        }
        if (group.isEmpty()) {
            return;
        }
        boolean savepoints = group.size() > 1;
        try {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                for (Unit<?> unit : group) {
                    unit.run(this, connection, savepoints ? st : null);
                }
                connection.commit();
            } catch (Throwable e) {
                rollback(e);
                for (Unit<?> unit : group) {
                    unit.failed(e);
                }
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) { // setting auto-commit back failed: the connection is broken
            for (Unit<?> unit : group) {
                unit.failed(e);
            }
        }
        checkpointer.committed();
        for (Unit<?> unit : group) {
            unit.finish();
        }
    }

    private void rollback(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>On a read-only connection of its own (taken from those kept, or opened), in a deferred
     * transaction: SQLite's write-ahead log gives it a snapshot of what was committed when it began,
     * and it neither waits for the writer nor makes the writer wait. Nothing of the group commit's
     * hand-over between threads: a read runs on its caller's thread.
     */
    @Override
    public <T> T read(Work<T> work) {
        refuseNesting();
        reading.acquireUninterruptibly();
        try {
            return readOnReader(work);
        } finally {
            reading.release();
        }
    }

    private <T> T readOnReader(Work<T> work) {
        Connection reader = readers.poll();
        try {
            if (reader == null) {
                reader = openReader();
            }
            List<Runnable> after;
            T result;
            reader.setAutoCommit(false);
            READING.set(Boolean.TRUE);
            Transaction tx = new Transaction(this, reader);
            try {
                result = work.run(tx);
                after = tx.end();
            } finally {
                tx.end();
                READING.remove();
                reader.rollback(); // it wrote nothing: ending it lets the checkpointer past its snapshot
                reader.setAutoCommit(true);
            }
            after.forEach(Runnable::run);
            return result;
        } catch (SQLException e) {
            closeQuietly(reader);
            reader = null;
            throw new StorageException(e);
        } finally {
            if (reader != null) {
                readers.add(reader);
                if (closed) { // close() may have emptied the pool before this one came back
                    readers.remove(reader);
                    closeQuietly(reader);
                }
            }
        }
    }

    private Connection openReader() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        Properties properties = new Properties();
        properties.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        Connection reader = DriverManager.getConnection(url, properties);
        try (Statement st = reader.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
        } catch (SQLException e) {
            closeQuietly(reader);
            throw e;
        }
        return reader;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // a reader that does not close leaves nothing to undo
        }
    }

    private void refuseNesting() {
        if (READING.get() != null) {
            throw new IllegalStateException(
                    "a read is already open on this thread: pass its Transaction down instead of starting another");
        }
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException(
                    "a transaction is already open on this thread: pass its Transaction down instead of starting another");
        }
    }

    /** One caller's unit of work in a group: its work, then its outcome. */
    private static final class Unit<T> {
        private final Work<T> work;
        final Thread caller;
        private T result;
        private Throwable failure;
        private List<Runnable> committed = List.of();
        volatile boolean done;

        Unit(Work<T> work, Thread caller) {
            this.work = work;
            this.caller = caller;
        }

        /** Runs the work; inside a savepoint when {@code savepoints} is given, so that it fails alone. */
        void run(Transactions store, Connection connection, Statement savepoints) throws SQLException {
            if (savepoints != null) {
                savepoints.execute("SAVEPOINT unit");
            }
            Transaction tx = new Transaction(store, connection);
            try {
                result = work.run(tx);
                committed = tx.end();
                if (savepoints != null) {
                    savepoints.execute("RELEASE unit");
                }
            } catch (Throwable e) {
                tx.end();
                if (savepoints == null) {
                    throw e; // the group is this unit alone: the whole transaction rolls back
                }
                failure = e;
                savepoints.execute("ROLLBACK TO unit");
                savepoints.execute("RELEASE unit");
            }
        }

        /** The group did not commit: this unit fails with its own error, or with the group's. */
        void failed(Throwable groupFailure) {
            if (failure == null) {
                failure = groupFailure;
            }
            committed = List.of();
        }

        void finish() {
            done = true;
            LockSupport.unpark(caller);
        }

        /** On the caller's thread: runs the after-commit actions, then returns the result or throws. */
        T outcome() {
            if (failure == null) {
                committed.forEach(Runnable::run);
                return result;
            }
            if (failure instanceof SQLException e) {
                throw new StorageException(e);
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new StorageException(new SQLException(failure));
        }
    }

    /** Units of work waiting to be taken into a group; for tests that line callers up. */
    int waiting() {
        return waiting.size();
    }

    /** Commits so far (each group's one commit). */
    long commits() {
        return checkpointer.commits();
    }

    /** Closes the database once the unit of work in progress has ended; copies the whole log back first. */
    @Override
    public void close() throws SQLException {
        closed = true;
        for (Connection reader; (reader = readers.poll()) != null; ) {
            closeQuietly(reader);
        }
        lock.lock();
        try {
            checkpointer.close();
            connection.close();
        } finally {
            lock.unlock();
        }
    }
}
