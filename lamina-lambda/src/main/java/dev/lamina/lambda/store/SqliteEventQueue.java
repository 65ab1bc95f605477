package dev.lamina.lambda.store;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.EventQueue;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The asynchronous invocation queue in the node's SQLite database, table {@code event_queue}: one
 * row per accepted event until its outcome is known. Each operation is one transaction on the
 * node's connection, committed before it returns: in WAL mode with {@code synchronous=NORMAL} that
 * survives a crash or kill of the node, not a power cut (decision 13).
 */
public final class SqliteEventQueue implements EventQueue {
    private static final String COLUMNS = "request_id, function, qualifier, invoked_arn, trace_id, payload,"
            + " enqueued_at, expires_at, due_at, attempts, returns, executed_version, function_error, last_response";

    private final Database db;

    public SqliteEventQueue(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS event_queue (request_id TEXT PRIMARY KEY,"
                        + " function TEXT NOT NULL, qualifier TEXT, invoked_arn TEXT NOT NULL, trace_id TEXT,"
                        + " payload BLOB NOT NULL, enqueued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                        + " due_at INTEGER NOT NULL,"
                        + " attempts INTEGER NOT NULL DEFAULT 0, returns INTEGER NOT NULL DEFAULT 0,"
                        + " executed_version TEXT, function_error TEXT, last_response BLOB,"
                        + " claimed_by TEXT, claimed_at INTEGER)");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS event_queue_due ON event_queue(function, due_at)"
                        + " WHERE claimed_by IS NULL");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS event_queue_expiry ON event_queue(function, expires_at)"
                        + " WHERE claimed_by IS NULL");
                return 0;
            }
        });
    }

    @Override
    public void enqueue(AsyncEvent event) {
        run(c -> {
            insert(c, List.of(event));
            return null;
        });
    }

    /** Inserts events in the connection's current transaction. */
    static void insert(Connection c, List<AsyncEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO event_queue(request_id, function, qualifier,"
                        + " invoked_arn, trace_id, payload, enqueued_at, expires_at, due_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AsyncEvent e : events) {
                ps.setString(1, e.requestId());
                ps.setString(2, e.functionName());
                ps.setString(3, e.qualifier());
                ps.setString(4, e.invokedArn());
                ps.setString(5, e.traceId());
                ps.setBytes(6, e.payload());
                ps.setLong(7, e.enqueuedAt());
                ps.setLong(8, e.expiresAt());
                ps.setLong(9, e.enqueuedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public int recover(String node) {
        return run(c -> update(
                c,
                "UPDATE event_queue SET claimed_by = NULL, claimed_at = NULL"
                        + " WHERE claimed_by IS NOT NULL AND claimed_by <> ?",
                node));
    }

    @Override
    public List<String> functionsWithWork(long now) {
        return run(c -> {
            List<String> out = new ArrayList<>();
            // Hops from one function to the next along the index instead of reading every row.
            try (PreparedStatement ps = c.prepareStatement(
                    "WITH RECURSIVE f(name) AS ("
                            + " SELECT (SELECT MIN(function) FROM event_queue WHERE claimed_by IS NULL)"
                            + " UNION ALL SELECT (SELECT MIN(function) FROM event_queue WHERE claimed_by IS NULL"
                            + " AND function > f.name) FROM f WHERE f.name IS NOT NULL)"
                            + " SELECT name FROM f WHERE name IS NOT NULL AND (EXISTS (SELECT 1 FROM event_queue q"
                            + " WHERE q.function = f.name AND q.claimed_by IS NULL AND q.due_at <= ?) OR EXISTS (SELECT 1"
                            + " FROM event_queue q WHERE q.function = f.name AND q.claimed_by IS NULL AND q.expires_at <= ?))")) {
                ps.setLong(1, now);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<QueuedEvent> claimDue(String node, String function, long now, int max) {
        return claim(node, function, "due_at <= ? ORDER BY due_at, rowid", now, max);
    }

    @Override
    public List<QueuedEvent> claimExpired(String node, String function, long now, int max) {
        return claim(node, function, "expires_at <= ? ORDER BY expires_at, rowid", now, max);
    }

    private List<QueuedEvent> claim(String node, String function, String condition, long bound, int max) {
        if (max <= 0) {
            return List.of();
        }
        return run(c -> {
            List<QueuedEvent> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM event_queue"
                    + " WHERE function = ? AND claimed_by IS NULL AND " + condition + " LIMIT ?")) {
                ps.setString(1, function);
                ps.setLong(2, bound);
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(row(rs));
                    }
                }
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE event_queue SET claimed_by = ?, claimed_at = ? WHERE request_id = ?")) {
                long now = System.currentTimeMillis();
                for (QueuedEvent e : claimed) {
                    ps.setString(1, node);
                    ps.setLong(2, now);
                    ps.setString(3, e.requestId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return claimed;
        });
    }

    private static QueuedEvent row(ResultSet rs) throws SQLException {
        AsyncEvent event = new AsyncEvent(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBytes(6),
                rs.getLong(7),
                rs.getLong(8));
        byte[] last = rs.getBytes(14);
        FunctionResponse response =
                last == null ? null : new FunctionResponse(rs.getString(12), rs.getString(13), last);
        return new QueuedEvent(event, rs.getLong(9), rs.getInt(10), rs.getInt(11), response);
    }

    @Override
    public long nextDueAfter(long now) {
        return run(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT MIN(due_at) FROM event_queue WHERE claimed_by IS NULL AND due_at > ?")) {
                ps.setLong(1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    long next = rs.next() ? rs.getLong(1) : 0;
                    return rs.wasNull() || next == 0 ? -1L : next;
                }
            }
        });
    }

    @Override
    public void release(String requestId) {
        run(c -> update(
                c, "UPDATE event_queue SET claimed_by = NULL, claimed_at = NULL WHERE request_id = ?", requestId));
    }

    @Override
    public void reschedule(String requestId, long dueAt, int attempts, int returns, FunctionResponse last) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE event_queue SET due_at = ?, attempts = ?,"
                    + " returns = ?, executed_version = ?, function_error = ?, last_response = ?,"
                    + " claimed_by = NULL, claimed_at = NULL WHERE request_id = ?")) {
                ps.setLong(1, dueAt);
                ps.setInt(2, attempts);
                ps.setInt(3, returns);
                ps.setString(4, last == null ? null : last.executedVersion());
                ps.setString(5, last == null ? null : last.functionError());
                ps.setBytes(6, last == null ? null : last.body());
                ps.setString(7, requestId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void complete(String requestId, AsyncEvent followUp) {
        run(c -> {
            int removed = update(c, "DELETE FROM event_queue WHERE request_id = ?", requestId);
            if (followUp != null) {
                insert(c, List.of(followUp));
            }
            return removed;
        });
    }

    @Override
    public int discard(String function) {
        return run(c -> update(c, "DELETE FROM event_queue WHERE function = ? AND claimed_by IS NULL", function));
    }

    @Override
    public int size() {
        return run(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM event_queue")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    private static int update(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            return ps.executeUpdate();
        }
    }

    /** Runs {@code work} as one transaction on the node's connection. */
    private <T> T run(Database.SqlWork<T> work) {
        try {
            return db.withConnection(c -> {
                c.setAutoCommit(false);
                try {
                    T r = work.run(c);
                    c.commit();
                    return r;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            });
        } catch (SQLException e) {
            throw new SqliteFunctionStore.StoreException(e);
        }
    }
}
