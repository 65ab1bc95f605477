package dev.lamina.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The node's embedded state database: one SQLite file under the data directory, opened in WAL mode.
 * A single connection guarded by this object's monitor serves the control plane, which is never on
 * the invoke path; PostgreSQL takes its place in a cluster.
 */
public final class Database implements AutoCloseable {
    private final Connection connection;

    public Database(Path file) throws SQLException {
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

    /** Runs {@code work} with exclusive use of the connection. */
    public synchronized <T> T withConnection(SqlWork<T> work) throws SQLException {
        return work.run(connection);
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
