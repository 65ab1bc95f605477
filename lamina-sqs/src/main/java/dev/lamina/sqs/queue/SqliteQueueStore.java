package dev.lamina.sqs.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues in the node's SQLite database, table {@code sqs_queues}: one row a queue, its attributes and
 * tags as JSON objects (read whole, never queried by).
 */
public final class SqliteQueueStore implements QueueStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "name, grp, attributes, tags, created, modified";

    private final Transactions db;
    /** The lookup by name, prepared once: a send looks its queue up each time. Used under the database's lock. */
    private PreparedStatement find;
    /** Each queue as last read, with the JSON it was parsed from: a row read again unchanged is not parsed again. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String group, String attributes, String tags, long created, long modified, Queue queue) {}

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteQueueStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS sqs_queues (name TEXT PRIMARY KEY, grp TEXT NOT NULL,"
                        + " attributes TEXT NOT NULL, tags TEXT NOT NULL, created INTEGER NOT NULL,"
                        + " modified INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public boolean create(Transaction tx, Queue queue) {
        return write(
                tx,
                "INSERT INTO sqs_queues(" + COLUMNS + ") VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING",
                queue);
    }

    @Override
    public boolean update(Transaction tx, Queue queue) {
        return write(
                tx,
                "UPDATE sqs_queues SET name = ?1, grp = ?2, attributes = ?3, tags = ?4, created = ?5, modified = ?6"
                        + " WHERE name = ?1",
                queue);
    }

    private boolean write(Transaction tx, String statement, Queue queue) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, queue.name());
                ps.setString(2, queue.group());
                ps.setString(3, json(queue.attributes()));
                ps.setString(4, json(queue.tags()));
                ps.setLong(5, queue.created().toEpochMilli());
                ps.setLong(6, queue.modified().toEpochMilli());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Queue> find(Transaction tx, String name) {
        return run(tx, c -> {
            if (find == null || find.getConnection() != c) {
                find = c.prepareStatement("SELECT " + COLUMNS + " FROM sqs_queues WHERE name = ?");
            }
            find.setString(1, name);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(remembered(rs)) : Optional.empty();
            } finally {
                find.clearParameters();
            }
        });
    }

    /** The row's queue, parsed again only if the row changed since it was last read. */
    private Queue remembered(ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        String group = rs.getString(2);
        String attributes = rs.getString(3);
        String tags = rs.getString(4);
        long created = rs.getLong(5);
        long modified = rs.getLong(6);
        Parsed last = parsed.get(name);
        if (last != null
                && last.modified() == modified
                && last.created() == created
                && last.group().equals(group)
                && last.attributes().equals(attributes)
                && last.tags().equals(tags)) {
            return last.queue();
        }
        Queue queue = new Queue(
                name, group, map(attributes), map(tags), Instant.ofEpochMilli(created), Instant.ofEpochMilli(modified));
        parsed.put(name, new Parsed(group, attributes, tags, created, modified, queue));
        return queue;
    }

    @Override
    public boolean delete(Transaction tx, String name) {
        return run(tx, c -> {
            parsed.remove(name);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sqs_queues WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Queue> list(Transaction tx, String prefix, String after, int limit) {
        return run(tx, c -> {
            // names hold no LIKE wildcards (letters, digits, '-', '_' ... '_' is one): compare by range instead
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sqs_queues"
                    + " WHERE name >= ?1 AND name > ?2 AND substr(name, 1, length(?1)) = ?1 ORDER BY name LIMIT ?3")) {
                ps.setString(1, prefix);
                ps.setString(2, after == null ? "" : after);
                ps.setInt(3, limit);
                List<Queue> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Queue row(ResultSet rs) throws SQLException {
        return new Queue(
                rs.getString(1),
                rs.getString(2),
                map(rs.getString(3)),
                map(rs.getString(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                Instant.ofEpochMilli(rs.getLong(6)));
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
            throw new SQLException("a queue's stored attributes are damaged", e);
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
