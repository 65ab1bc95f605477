package dev.lamina.kinesis.stream;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shards' logs in the node's SQLite database, table {@code kinesis_records}: one row a record,
 * keyed by stream, shard and position without a rowid, so that a shard's records are one range of
 * the primary key in order; a second index by arrival serves AT_TIMESTAMP and the retention sweep.
 */
public final class SqliteRecordLog implements RecordLog {
    private final Transactions db;

    /** Opens the log in {@code db}, creating its table on first use. */
    public SqliteRecordLog(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate(
                        "CREATE TABLE IF NOT EXISTS kinesis_records (stream TEXT NOT NULL, shard INTEGER NOT NULL,"
                                + " position INTEGER NOT NULL, arrival INTEGER NOT NULL, partition_key TEXT NOT NULL,"
                                + " data BLOB NOT NULL, PRIMARY KEY (stream, shard, position)) WITHOUT ROWID");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS kinesis_records_arrival"
                        + " ON kinesis_records (stream, shard, arrival)");
            }
            return null;
        });
    }

    @Override
    public void append(Transaction tx, String stream, int shard, List<StreamRecord> records) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kinesis_records"
                    + " (stream, shard, position, arrival, partition_key, data) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (StreamRecord r : records) {
                    ps.setString(1, stream);
                    ps.setInt(2, shard);
                    ps.setLong(3, r.position());
                    ps.setLong(4, r.arrival().toEpochMilli());
                    ps.setString(5, r.partitionKey());
                    ps.setBytes(6, r.data());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<StreamRecord> read(
            Transaction tx, String stream, int shard, long after, Instant from, int limit, long maxBytes) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT position, arrival, partition_key, data"
                    + " FROM kinesis_records WHERE stream = ? AND shard = ? AND position > ? AND arrival >= ?"
                    + " ORDER BY position LIMIT ?")) {
                ps.setString(1, stream);
                ps.setInt(2, shard);
                ps.setLong(3, after);
                ps.setLong(4, from.toEpochMilli());
                ps.setInt(5, limit);
                List<StreamRecord> out = new ArrayList<>();
                long bytes = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StreamRecord r = new StreamRecord(
                                rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getBytes(4));
                        bytes += r.size();
                        if (bytes > maxBytes && !out.isEmpty()) {
                            break;
                        }
                        out.add(r);
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int trim(Transaction tx, String stream, int shard, Instant before) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM kinesis_records WHERE stream = ? AND shard = ? AND arrival < ?")) {
                ps.setString(1, stream);
                ps.setInt(2, shard);
                ps.setLong(3, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteAll(Transaction tx, String stream) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kinesis_records WHERE stream = ?")) {
                ps.setString(1, stream);
                return ps.executeUpdate();
            }
        });
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
