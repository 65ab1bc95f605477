package dev.lamina.kinesis.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Streams and shards in the node's SQLite database: {@code kinesis_streams} (one row a stream, its
 * tags as a JSON object) and {@code kinesis_shards} (one row a shard, its hash keys as decimal text,
 * where its log stands).
 */
public final class SqliteStreamStore implements StreamStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private static final String STREAM_COLUMNS =
            "name, created, mode, retention_hours, status, active_at, tags, next_shard";
    private static final String SHARD_COLUMNS =
            "idx, parent, adjacent_parent, hash_start, hash_end, last_position, last_arrival, closed_at";

    private final Transactions db;

    /** Opens the store in {@code db}, creating its tables on first use. */
    public SqliteStreamStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS kinesis_streams (name TEXT PRIMARY KEY,"
                        + " created INTEGER NOT NULL, mode TEXT NOT NULL, retention_hours INTEGER NOT NULL,"
                        + " status TEXT NOT NULL, active_at INTEGER, tags TEXT NOT NULL, next_shard INTEGER NOT NULL)");
                st.executeUpdate(
                        "CREATE TABLE IF NOT EXISTS kinesis_shards (stream TEXT NOT NULL, idx INTEGER NOT NULL,"
                                + " parent INTEGER, adjacent_parent INTEGER, hash_start TEXT NOT NULL, hash_end TEXT NOT NULL,"
                                + " last_position INTEGER NOT NULL, last_arrival INTEGER NOT NULL, closed_at INTEGER,"
                                + " PRIMARY KEY (stream, idx)) WITHOUT ROWID");
            }
            return null;
        });
    }

    @Override
    public boolean create(Transaction tx, Stream stream) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kinesis_streams (" + STREAM_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING")) {
                bind(ps, stream);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void update(Transaction tx, Stream stream) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE kinesis_streams SET name = ?1, created = ?2,"
                    + " mode = ?3, retention_hours = ?4, status = ?5, active_at = ?6, tags = ?7, next_shard = ?8"
                    + " WHERE name = ?1")) {
                bind(ps, stream);
                return ps.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, Stream stream) throws SQLException {
        ps.setString(1, stream.name());
        ps.setLong(2, stream.created().toEpochMilli());
        ps.setString(3, stream.mode().name());
        ps.setInt(4, stream.retentionHours());
        ps.setString(5, stream.state().status());
        if (stream.state().until() != null) {
            ps.setLong(6, stream.state().until().toEpochMilli());
        } else {
            ps.setNull(6, Types.INTEGER);
        }
        ps.setString(7, json(stream.tags()));
        ps.setInt(8, stream.nextShard());
    }

    @Override
    public Optional<Stream> find(Transaction tx, String name) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + STREAM_COLUMNS + " FROM kinesis_streams WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(stream(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(Transaction tx, String name) {
        return run(tx, c -> {
            try (PreparedStatement shards = c.prepareStatement("DELETE FROM kinesis_shards WHERE stream = ?");
                    PreparedStatement stream = c.prepareStatement("DELETE FROM kinesis_streams WHERE name = ?")) {
                shards.setString(1, name);
                shards.executeUpdate();
                stream.setString(1, name);
                return stream.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Stream> list(Transaction tx, String after, int limit) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + STREAM_COLUMNS + " FROM kinesis_streams WHERE name > ? ORDER BY name LIMIT ?")) {
                ps.setString(1, after == null ? "" : after);
                ps.setInt(2, limit);
                List<Stream> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(stream(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<Shard> shards(Transaction tx, String stream) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SHARD_COLUMNS + " FROM kinesis_shards WHERE stream = ? ORDER BY idx")) {
                ps.setString(1, stream);
                List<Shard> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(shard(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<Shard> shard(Transaction tx, String stream, int index) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SHARD_COLUMNS + " FROM kinesis_shards WHERE stream = ? AND idx = ?")) {
                ps.setString(1, stream);
                ps.setInt(2, index);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(shard(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(Transaction tx, String stream, Shard shard) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO kinesis_shards (stream, "
                    + SHARD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, stream);
                ps.setInt(2, shard.index());
                ps.setObject(3, shard.parent());
                ps.setObject(4, shard.adjacentParent());
                ps.setString(5, shard.hashKeys().start().toString());
                ps.setString(6, shard.hashKeys().end().toString());
                ps.setLong(7, shard.lastPosition());
                ps.setLong(8, shard.lastArrival().toEpochMilli());
                ps.setObject(9, shard.closedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int openShards(Transaction tx) {
        return run(tx, c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM kinesis_shards WHERE closed_at IS NULL")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private static Stream stream(ResultSet rs) throws SQLException {
        Long until = nullableLong(rs, 6);
        StreamState state = StreamState.of(rs.getString(5), until == null ? null : Instant.ofEpochMilli(until));
        return new Stream(
                rs.getString(1),
                Instant.ofEpochMilli(rs.getLong(2)),
                StreamMode.valueOf(rs.getString(3)),
                rs.getInt(4),
                state,
                map(rs.getString(7)),
                rs.getInt(8));
    }

    private static Shard shard(ResultSet rs) throws SQLException {
        return new Shard(
                rs.getInt(1),
                nullableInt(rs, 2),
                nullableInt(rs, 3),
                new HashKeyRange(new BigInteger(rs.getString(4)), new BigInteger(rs.getString(5))),
                rs.getLong(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                nullableLong(rs, 8));
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> map(String json) throws SQLException {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stream's stored tags are damaged", e);
        }
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
