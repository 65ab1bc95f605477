package dev.lamina.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The node's embedded state database: one SQLite file under the data directory, opened in WAL mode
 * with {@code synchronous=NORMAL} (a commit survives a crash or kill of the node, not a power cut). A
 * single connection guarded by this object's monitor serves every store; PostgreSQL takes its place in
 * a cluster. Units of work run through {@link #transaction}. SQLite's native library is kept unpacked
 * in {@code native/} beside the file ({@link SqliteLibrary}).
 */
public final class Database implements Transactions, AutoCloseable {
    private final Connection connection;
    /** The transaction in progress, set and read only under this object's monitor. */
    private Transaction open;

    public Database(Path file) throws SQLException {
        SqliteLibrary.useFrom(file.toAbsolutePath().getParent().resolve("native"));
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
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
    public synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        refuseNesting();
        return work.run(connection);
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public <T> T transaction(Work<T> work) {
        T result;
        List<Runnable> committed;
        synchronized (this) {
            refuseNesting();
            Transaction tx = new Transaction(this, connection);
            open = tx;
            try {
                result = run(tx, work);
            } catch (SQLException e) {
                throw new StorageException(e);
            } finally {
                committed = tx.end(); // run only if nothing was thrown
                open = null;
            }
        }
        committed.forEach(Runnable::run);
        return result;
    }

    private <T> T run(Transaction tx, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(tx);
            connection.commit();
            return result;
        } catch (Throwable e) {
            rollback(e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void rollback(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void refuseNesting() {
        if (open != null) {
            throw new IllegalStateException(
                    "a transaction is already open on this thread: pass its Transaction down instead of starting another");
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
