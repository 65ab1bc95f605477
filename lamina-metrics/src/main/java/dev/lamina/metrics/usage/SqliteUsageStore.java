package dev.lamina.metrics.usage;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage records in the node's SQLite database, table {@code usage_records}: one row per invocation,
 * times as epoch milliseconds. The node appends through its {@link Database}; {@code lamina usage}
 * reads through {@link #readOnly}, a connection of its own that never writes, which WAL mode lets
 * run beside the node.
 */
public final class SqliteUsageStore implements UsageStore, AutoCloseable {
    private static final String TABLE = "CREATE TABLE IF NOT EXISTS usage_records (ended_at INTEGER NOT NULL,"
            + " function TEXT NOT NULL, version TEXT NOT NULL, architecture TEXT NOT NULL,"
            + " memory_mb INTEGER NOT NULL, ephemeral_mb INTEGER NOT NULL, billed_ms INTEGER NOT NULL,"
            + " init_ms REAL, provisioned INTEGER NOT NULL, outcome TEXT NOT NULL)";

    private final Database database;
    private final Connection reader;

    private SqliteUsageStore(Database database, Connection reader) {
        this.database = database;
        this.reader = reader;
    }

    /** The store in the node's database; makes its table at the first start. */
    public static SqliteUsageStore in(Database database) {
        try {
            database.withConnection(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(TABLE);
                    st.executeUpdate("CREATE INDEX IF NOT EXISTS usage_records_ended ON usage_records(ended_at)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StorageException(e);
        }
        return new SqliteUsageStore(database, null);
    }

    /**
     * Reads the usage in a node's database file without writing to it, while the node runs or not.
     * {@link #append} then throws.
     *
     * @throws IllegalArgumentException when there is no such file
     */
    public static SqliteUsageStore readOnly(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No node data here: " + file + " does not exist");
        }
        return new SqliteUsageStore(null, Database.openReadOnly(file));
    }

    @Override
    public void append(List<UsageRecord> records) {
        if (database == null) {
            throw new IllegalStateException("a read-only usage store");
        }
        database.transaction(tx -> {
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement("INSERT INTO usage_records (ended_at, function, version, architecture, memory_mb,"
                            + " ephemeral_mb, billed_ms, init_ms, provisioned, outcome)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (UsageRecord r : records) {
                    ps.setLong(1, r.endedAt().toEpochMilli());
                    ps.setString(2, r.function());
                    ps.setString(3, r.version());
                    ps.setString(4, r.architecture());
                    ps.setInt(5, r.memoryMb());
                    ps.setInt(6, r.ephemeralStorageMb());
                    ps.setLong(7, r.billedMs());
                    if (r.initMs() >= 0) {
                        ps.setDouble(8, r.initMs());
                    } else {
                        ps.setNull(8, java.sql.Types.REAL);
                    }
                    ps.setInt(9, r.provisioned() ? 1 : 0);
                    ps.setString(10, r.outcome());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<UsageTotal> totals(UsageQuery query) {
        try {
            return reader != null ? totals(reader, query) : database.withConnection(c -> totals(c, query));
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("no such table")) {
                return List.of(); // a node that never metered an invocation
            }
            throw new StorageException(e);
        }
    }

    private static List<UsageTotal> totals(Connection c, UsageQuery query) throws SQLException {
        String key =
                query.by() == UsageQuery.By.DAY ? "strftime('%Y-%m-%d', ended_at / 1000, 'unixepoch')" : "function";
        String sql = "SELECT " + key + ", strftime('%Y-%m', ended_at / 1000, 'unixepoch'), architecture, COUNT(*),"
                + " SUM(memory_mb * billed_ms), SUM(MAX(ephemeral_mb - " + UsageRecord.INCLUDED_EPHEMERAL_MB
                + ", 0) * billed_ms)"
                + " FROM usage_records WHERE ended_at >= ?" + (query.function() == null ? "" : " AND function = ?")
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, query.since().toEpochMilli());
            if (query.function() != null) {
                ps.setString(2, query.function());
            }
            List<UsageTotal> totals = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.add(new UsageTotal(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6)));
                }
            }
            return totals;
        }
    }

    /** Closes the read-only connection; the node's database is the node's to close. */
    @Override
    public void close() throws SQLException {
        if (reader != null) {
            reader.close();
        }
    }
}
