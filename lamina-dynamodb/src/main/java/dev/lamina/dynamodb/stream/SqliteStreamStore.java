package dev.lamina.dynamodb.stream;

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
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Table streams in the node's SQLite database: {@code dynamodb_streams} (one row a stream, with its
 * last sequence number), {@code dynamodb_stream_shards} (a stream's shards, each with its sequence
 * range and trim horizon, so shards can roll over: close one at the stream's last number, open a child
 * at the next) and {@code dynamodb_stream_records}, keyed {@code (stream, shard, seq)} without a rowid
 * so a shard's records are one range of the primary key, in order.
 */
public final class SqliteStreamStore implements StreamStore {
    private static final String COLUMNS = "arn, tbl, label, view_type, key_schema, created, disabled, last_seq";

    private final Transactions db;

    /** Opens the store in {@code db}, creating its tables on first use. */
    public SqliteStreamStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_streams (arn TEXT PRIMARY KEY, tbl TEXT NOT NULL,"
                        + " label TEXT NOT NULL, view_type TEXT NOT NULL, key_schema TEXT NOT NULL,"
                        + " created INTEGER NOT NULL, disabled INTEGER, last_seq INTEGER NOT NULL)");
                st.executeUpdate(
                        "CREATE INDEX IF NOT EXISTS dynamodb_streams_by_table ON dynamodb_streams(tbl, created)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_stream_shards (stream TEXT NOT NULL,"
                        + " shard TEXT NOT NULL, parent TEXT, first_seq INTEGER NOT NULL, last_seq INTEGER,"
                        + " trimmed_to INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(stream, shard)) WITHOUT ROWID");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_stream_records (stream TEXT NOT NULL,"
                        + " shard TEXT NOT NULL, seq INTEGER NOT NULL, created INTEGER NOT NULL, record TEXT NOT NULL,"
                        + " PRIMARY KEY(stream, shard, seq)) WITHOUT ROWID");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS dynamodb_stream_records_by_age"
                        + " ON dynamodb_stream_records(created)");
            }
            return null;
        });
    }

    @Override
    public void create(Transaction tx, TableStream stream, StreamShard shard) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dynamodb_streams(" + COLUMNS + ") VALUES(?, ?, ?, ?, ?, ?, NULL, ?)")) {
                ps.setString(1, stream.arn());
                ps.setString(2, stream.table());
                ps.setString(3, stream.label());
                ps.setString(4, stream.viewType().name());
                ps.setString(5, stream.keySchema());
                ps.setLong(6, stream.created().toEpochMilli());
                ps.setLong(7, stream.lastSequence());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dynamodb_stream_shards(stream, shard, parent,"
                    + " first_seq, last_seq, trimmed_to) VALUES(?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, stream.arn());
                ps.setString(2, shard.id());
                ps.setString(3, shard.parent());
                ps.setLong(4, shard.first());
                ps.setObject(5, shard.last());
                ps.setLong(6, shard.trimmedTo());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<TableStream> enabled(Transaction tx, String table) {
        return one(tx, "SELECT " + COLUMNS + " FROM dynamodb_streams WHERE tbl = ? AND disabled IS NULL", table);
    }

    @Override
    public Optional<TableStream> latest(Transaction tx, String table) {
        return one(
                tx, "SELECT " + COLUMNS + " FROM dynamodb_streams WHERE tbl = ? ORDER BY created DESC LIMIT 1", table);
    }

    @Override
    public Optional<TableStream> find(Transaction tx, String arn) {
        return one(tx, "SELECT " + COLUMNS + " FROM dynamodb_streams WHERE arn = ?", arn);
    }

    @Override
    public void disable(Transaction tx, String arn, Instant at) {
        run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE dynamodb_streams SET disabled = ? WHERE arn = ? AND disabled IS NULL")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, arn);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE dynamodb_stream_shards SET last_seq ="
                    + " (SELECT last_seq FROM dynamodb_streams WHERE arn = ?) WHERE stream = ? AND last_seq IS NULL")) {
                ps.setString(1, arn);
                ps.setString(2, arn);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<TableStream> list(Transaction tx, String table, String afterArn, int limit) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM dynamodb_streams WHERE arn > ?"
                    + (table == null ? "" : " AND tbl = ?") + " ORDER BY arn LIMIT ?")) {
                int i = 1;
                ps.setString(i++, afterArn == null ? "" : afterArn);
                if (table != null) {
                    ps.setString(i++, table);
                }
                ps.setInt(i, limit);
                return streams(ps);
            }
        });
    }

    @Override
    public List<StreamShard> shards(Transaction tx, String arn) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT shard, parent, first_seq, last_seq, trimmed_to"
                    + " FROM dynamodb_stream_shards WHERE stream = ? ORDER BY first_seq, shard")) {
                ps.setString(1, arn);
                List<StreamShard> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long last = rs.getLong(4);
                        Long closedAt = rs.wasNull() ? null : last;
                        out.add(new StreamShard(
                                rs.getString(1), rs.getString(2), rs.getLong(3), closedAt, rs.getLong(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long append(Transaction tx, String arn, String shard, Instant created, LongFunction<String> record) {
        return run(tx, c -> {
            long seq;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE dynamodb_streams SET last_seq = last_seq + 1 WHERE arn = ? RETURNING last_seq")) {
                ps.setString(1, arn);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("no stream " + arn);
                    }
                    seq = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dynamodb_stream_records(stream, shard, seq, created, record) VALUES(?, ?, ?, ?, ?)")) {
                ps.setString(1, arn);
                ps.setString(2, shard);
                ps.setLong(3, seq);
                ps.setLong(4, created.toEpochMilli());
                ps.setString(5, record.apply(seq));
                ps.executeUpdate();
            }
            return seq;
        });
    }

    @Override
    public List<Stored> read(Transaction tx, String arn, String shard, long after, Instant notBefore, int limit) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, record FROM dynamodb_stream_records"
                    + " WHERE stream = ? AND shard = ? AND seq > ? AND created >= ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, arn);
                ps.setString(2, shard);
                ps.setLong(3, after);
                ps.setLong(4, notBefore.toEpochMilli());
                ps.setInt(5, limit);
                List<Stored> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong(1), rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int trim(Transaction tx, Instant before) {
        return run(tx, c -> {
            long cutoff = before.toEpochMilli();
            try (PreparedStatement ps = c.prepareStatement("UPDATE dynamodb_stream_shards SET trimmed_to ="
                    + " (SELECT max(seq) FROM dynamodb_stream_records r WHERE r.stream = dynamodb_stream_shards.stream"
                    + " AND r.shard = dynamodb_stream_shards.shard AND r.created < ?)"
                    + " WHERE EXISTS (SELECT 1 FROM dynamodb_stream_records r WHERE r.stream ="
                    + " dynamodb_stream_shards.stream AND r.shard = dynamodb_stream_shards.shard AND r.created < ?)")) {
                ps.setLong(1, cutoff);
                ps.setLong(2, cutoff);
                ps.executeUpdate();
            }
            int trimmed;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_stream_records WHERE created < ?")) {
                ps.setLong(1, cutoff);
                trimmed = ps.executeUpdate();
            }
            // a stream disabled longer than retention is gone, with whatever records it still had
            for (String table : List.of("dynamodb_stream_records", "dynamodb_stream_shards")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE stream IN"
                        + " (SELECT arn FROM dynamodb_streams WHERE disabled < ?)")) {
                    ps.setLong(1, cutoff);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamodb_streams WHERE disabled < ?")) {
                ps.setLong(1, cutoff);
                ps.executeUpdate();
            }
            return trimmed;
        });
    }

    private Optional<TableStream> one(Transaction tx, String sql, String param) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, param);
                List<TableStream> found = streams(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    private static List<TableStream> streams(PreparedStatement ps) throws SQLException {
        List<TableStream> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long disabled = rs.getLong(7);
                StreamState state = rs.wasNull()
                        ? new StreamState.Enabled()
                        : new StreamState.Disabled(Instant.ofEpochMilli(disabled));
                out.add(new TableStream(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        StreamViewType.valueOf(rs.getString(4)),
                        rs.getString(5),
                        Instant.ofEpochMilli(rs.getLong(6)),
                        state,
                        rs.getLong(8)));
            }
        }
        return out;
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
