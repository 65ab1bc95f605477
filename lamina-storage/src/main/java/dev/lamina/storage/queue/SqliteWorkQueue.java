package dev.lamina.storage.queue;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import java.sql.Connection;
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
import java.util.regex.Pattern;

/**
 * A {@link WorkQueue} in the node's SQLite database, in a table of its own, {@code work_queue_<name>}
 * (a shared table keyed by queue name made each enqueue, and so each Event invoke's 202, measurably
 * slower: every index key carried the name). One column says when an item can next be claimed,
 * {@code claimable_at}: its due time while unclaimed, its lease's end while claimed, {@code NULL} while
 * held until settled; so a claim is one range scan of the index {@code (grp, claimable_at)}, O(log n)
 * plus what it takes, however many items are claimed or not yet due, and a lapsed lease needs no
 * sweeper.
 *
 * <p>Example: {@code a} due at 10 and {@code b} due at 20 in group {@code f}. A claim at 15 for a lease
 * until 75 takes {@code a} (claimable_at 10 ≤ 15) and sets its claimable_at to 75; a claim at 30 takes
 * {@code b} only; one at 80 takes {@code a} again, its lease having lapsed. Releasing {@code a} sets
 * claimable_at back to its due time, 10.
 *
 * <p>Thread-safe: every call runs in the caller's transaction on the database's one connection.
 */
public final class SqliteWorkQueue implements WorkQueue {
    private static final String COLUMNS =
            "id, grp, payload, attributes, due_at, expires_at, attempts, owner, claimable_at";
    /** Hops from one group to the next along the index instead of reading every row. */
    private static final String GROUPS = "WITH RECURSIVE g(name) AS ("
            + " SELECT (SELECT MIN(grp) FROM work_items)"
            + " UNION ALL SELECT (SELECT MIN(grp) FROM work_items WHERE grp > g.name)"
            + " FROM g WHERE g.name IS NOT NULL) ";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Database db;
    private final String name;
    private final String table;
    private PreparedStatement insert;

    /**
     * Opens queue {@code name} in {@code db}, creating its table on first use.
     *
     * @param name lower-case letters, digits and underscores, starting with a letter
     */
    public SqliteWorkQueue(Database db, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a queue's name is lower-case letters, digits and '_': " + name);
        }
        this.db = db;
        this.name = name;
        this.table = "work_queue_" + name;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate(
                        tableOf("CREATE TABLE IF NOT EXISTS work_items (id TEXT PRIMARY KEY, grp TEXT NOT NULL,"
                                + " payload BLOB NOT NULL, attributes BLOB, due_at INTEGER NOT NULL, expires_at INTEGER,"
                                + " attempts INTEGER NOT NULL DEFAULT 0, owner TEXT, claimable_at INTEGER)"));
                st.executeUpdate(
                        tableOf("CREATE INDEX IF NOT EXISTS work_items_claimable ON work_items(grp, claimable_at)"));
                st.executeUpdate(tableOf("CREATE INDEX IF NOT EXISTS work_items_expiry ON work_items(grp, expires_at)"
                        + " WHERE expires_at IS NOT NULL"));
                st.executeUpdate(tableOf("CREATE INDEX IF NOT EXISTS work_items_owner ON work_items(owner)"
                        + " WHERE owner IS NOT NULL"));
            }
            return null;
        });
    }

    /** {@code statement}, written as if the table were {@code work_items}, for this queue's table. */
    private String tableOf(String statement) {
        return statement.replace("work_items", table);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean enqueue(Transaction tx, WorkItem item) {
        return run(tx, c -> {
            PreparedStatement ps = insert(c);
            try {
                long due = item.dueAt().toEpochMilli();
                ps.setString(1, item.id());
                ps.setString(2, item.group());
                ps.setBytes(3, item.payload());
                ps.setBytes(4, Attributes.encode(item.attributes()));
                ps.setLong(5, due);
                setInstant(ps, 6, item.expiresAt());
                ps.setLong(7, due);
                return ps.executeUpdate() == 1;
            } catch (SQLException e) {
                insert = null;
                ps.close();
                throw e;
            } finally {
                if (insert != null) {
                    ps.clearParameters();
                }
            }
        });
    }

    /**
     * The enqueue statement, prepared once per connection: preparing it each time cost about a tenth of
     * the enqueue, which an Event invoke waits for. Called inside a transaction of {@link #db}, so under
     * its lock, as every use of {@link #insert} is.
     */
    private PreparedStatement insert(Connection c) throws SQLException {
        if (insert == null || insert.getConnection() != c) {
            insert = prepare(
                    c,
                    "INSERT INTO work_items(id, grp, payload, attributes, due_at, expires_at,"
                            + " claimable_at) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
        }
        return insert;
    }

    @Override
    public List<QueuedItem> claim(Transaction tx, String group, Instant now, Lease lease, int max) {
        return take(tx, "claimable_at <= ?2 ORDER BY claimable_at, rowid LIMIT ?3", group, now, lease, max);
    }

    @Override
    public List<QueuedItem> claimExpired(Transaction tx, String group, Instant now, Lease lease, int max) {
        return take(
                tx,
                "expires_at <= ?2 AND (owner IS NULL OR claimable_at <= ?2) ORDER BY expires_at, rowid LIMIT ?3",
                group,
                now,
                lease,
                max);
    }

    /** Selects a group's items that {@code where} matches (?2 is now, ?3 the limit) and claims them. */
    private List<QueuedItem> take(Transaction tx, String where, String group, Instant now, Lease lease, int max) {
        return take(tx, where, group, now, lease, max, null);
    }

    /** {@link #take}, with {@code ?4} bound to {@code id} when it is not {@code null}. */
    private List<QueuedItem> take(
            Transaction tx, String where, String group, Instant now, Lease lease, int max, String id) {
        if (max <= 0) {
            return List.of();
        }
        return run(tx, c -> {
            List<QueuedItem> taken = new ArrayList<>();
            try (PreparedStatement ps =
                    prepare(c, "SELECT " + COLUMNS + " FROM work_items WHERE grp = ?1 AND " + where)) {
                ps.setString(1, group);
                ps.setLong(2, now.toEpochMilli());
                ps.setInt(3, max);
                if (id != null) {
                    ps.setString(4, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        QueuedItem found = row(rs);
                        taken.add(new QueuedItem(found.item(), found.attempts(), lease));
                    }
                }
            }
            try (PreparedStatement ps = prepare(c, "UPDATE work_items SET owner = ?, claimable_at = ? WHERE id = ?")) {
                for (QueuedItem item : taken) {
                    ps.setString(1, lease.owner());
                    setInstant(ps, 2, lease.until());
                    ps.setString(3, item.id());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return taken;
        });
    }

    @Override
    public boolean complete(Transaction tx, String id) {
        return update(tx, "DELETE FROM work_items WHERE id = ?", id) == 1;
    }

    @Override
    public boolean reschedule(Transaction tx, String id, Instant dueAt, Map<String, String> attributes) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(
                    c,
                    "UPDATE work_items SET due_at = ?1, claimable_at = ?1,"
                            + " attempts = attempts + 1, attributes = ?2, owner = NULL WHERE id = ?3")) {
                ps.setLong(1, dueAt.toEpochMilli());
                ps.setBytes(2, Attributes.encode(Map.copyOf(attributes)));
                ps.setString(3, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean renew(Transaction tx, String id, String owner, Instant until, Map<String, String> attributes) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(
                    c, "UPDATE work_items SET claimable_at = ?1, attributes = ?2 WHERE id = ?3 AND owner = ?4")) {
                ps.setLong(1, until.toEpochMilli());
                ps.setBytes(2, Attributes.encode(Map.copyOf(attributes)));
                ps.setString(3, id);
                ps.setString(4, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean release(Transaction tx, String id) {
        return update(tx, "UPDATE work_items SET owner = NULL, claimable_at = due_at WHERE id = ?", id) == 1;
    }

    @Override
    public int releaseAllBut(Transaction tx, String owner) {
        return update(
                tx,
                "UPDATE work_items SET owner = NULL, claimable_at = due_at WHERE owner IS NOT NULL AND owner <> ?",
                owner);
    }

    @Override
    public int discard(Transaction tx, String group) {
        return update(tx, "DELETE FROM work_items WHERE grp = ? AND owner IS NULL", group);
    }

    @Override
    public int purge(Transaction tx, String groupPrefix) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(c, "DELETE FROM work_items WHERE " + IN_RANGE)) {
                range(ps, groupPrefix);
                return ps.executeUpdate();
            }
        });
    }

    /** The groups that start with a prefix, as a range of the index: ?10 ≤ grp < ?11. */
    private static final String IN_RANGE = "grp >= ?10 AND grp < ?11";

    /**
     * Binds the range of names that start with {@code prefix}: from the prefix to the prefix with its
     * last character incremented ({@code "ab/"} to {@code "ab0"}), everything for an empty prefix.
     */
    private static void range(PreparedStatement ps, String prefix) throws SQLException {
        ps.setString(10, prefix);
        ps.setString(
                11,
                prefix.isEmpty()
                        ? "\uDBFF\uDFFF\uDBFF\uDFFF" // U+10FFFF twice: above every name
                        : prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1));
    }

    @Override
    public List<String> groupsWithWork(Transaction tx, String groupPrefix, Instant now) {
        return run(tx, c -> {
            List<String> groups = new ArrayList<>();
            try (PreparedStatement ps = prepare(
                    c,
                    "WITH RECURSIVE g(name) AS (SELECT (SELECT MIN(grp) FROM work_items WHERE " + IN_RANGE + ")"
                            + " UNION ALL SELECT (SELECT MIN(grp) FROM work_items WHERE grp > g.name AND grp < ?11)"
                            + " FROM g WHERE g.name IS NOT NULL)"
                            + " SELECT name FROM g WHERE name IS NOT NULL AND EXISTS (SELECT 1 FROM work_items w"
                            + " WHERE w.grp = g.name AND w.claimable_at <= ?1)")) {
                ps.setLong(1, now.toEpochMilli());
                range(ps, groupPrefix);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.add(rs.getString(1));
                    }
                }
            }
            return groups;
        });
    }

    @Override
    public List<QueuedItem> claimInOrder(Transaction tx, String group, Instant now, Lease lease, int max) {
        if (max <= 0) {
            return List.of();
        }
        List<String> ids = run(tx, c -> {
            List<String> head = new ArrayList<>();
            try (PreparedStatement ps = prepare(
                    c, "SELECT id, claimable_at FROM work_items WHERE grp = ? ORDER BY due_at, rowid LIMIT ?")) {
                ps.setString(1, group);
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long claimable = rs.getLong(2);
                        if (rs.wasNull() || claimable > now.toEpochMilli()) {
                            break; // held, in flight or not yet due: it holds back the rest
                        }
                        head.add(rs.getString(1));
                    }
                }
            }
            return head;
        });
        List<QueuedItem> taken = new ArrayList<>();
        for (String id : ids) {
            taken.addAll(take(tx, "id = ?4", group, now, lease, 1, id));
        }
        return taken;
    }

    @Override
    public List<String> groupsWithWork(Transaction tx, Instant now) {
        return run(tx, c -> {
            List<String> groups = new ArrayList<>();
            try (PreparedStatement ps = prepare(
                    c,
                    GROUPS
                            + "SELECT name FROM g WHERE name IS NOT NULL AND (EXISTS (SELECT 1 FROM work_items w"
                            + " WHERE w.grp = g.name AND w.claimable_at <= ?1) OR EXISTS (SELECT 1 FROM work_items w"
                            + " WHERE w.grp = g.name AND w.expires_at <= ?1 AND (w.owner IS NULL OR w.claimable_at <= ?1)))")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.add(rs.getString(1));
                    }
                }
            }
            return groups;
        });
    }

    @Override
    public Optional<Instant> nextDueAfter(Transaction tx, Instant now) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(
                    c,
                    GROUPS
                            + "SELECT MIN((SELECT MIN(w.claimable_at) FROM work_items w WHERE w.grp = g.name"
                            + " AND w.claimable_at > ?1)) FROM g WHERE name IS NOT NULL")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return Optional.ofNullable(rs.next() ? instant(rs, 1) : null);
                }
            }
        });
    }

    @Override
    public Optional<Instant> nextDueAfter(Transaction tx, String groupPrefix, Instant now) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(
                    c, "SELECT MIN(claimable_at) FROM work_items WHERE " + IN_RANGE + " AND claimable_at > ?1")) {
                ps.setLong(1, now.toEpochMilli());
                range(ps, groupPrefix);
                try (ResultSet rs = ps.executeQuery()) {
                    return Optional.ofNullable(rs.next() ? instant(rs, 1) : null);
                }
            }
        });
    }

    @Override
    public Optional<QueuedItem> inspect(Transaction tx, String id) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(c, "SELECT " + COLUMNS + " FROM work_items WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public int size(Transaction tx) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(c, "SELECT COUNT(*) FROM work_items");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public Optional<Instant> oldestDue(Transaction tx, Instant now) {
        return run(tx, c -> {
            try (PreparedStatement ps =
                    prepare(c, "SELECT MIN(due_at) FROM work_items WHERE owner IS NULL AND due_at <= ?")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next(); // MIN makes one row, NULL when no item waits
                    long due = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(due));
                }
            }
        });
    }

    @Override
    public QueueCounts counts(Transaction tx, Instant now) {
        return counts(tx, "", null, now);
    }

    @Override
    public QueueCounts counts(Transaction tx, String groupPrefix, Instant now) {
        return counts(tx, " WHERE " + IN_RANGE, groupPrefix, now);
    }

    private QueueCounts counts(Transaction tx, String where, String groupPrefix, Instant now) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(
                    c,
                    "SELECT COALESCE(SUM(claimable_at <= ?1), 0),"
                            + " COALESCE(SUM(owner IS NULL AND claimable_at > ?1), 0),"
                            + " COALESCE(SUM(owner IS NOT NULL AND (claimable_at IS NULL OR claimable_at > ?1)), 0)"
                            + " FROM work_items" + where)) {
                ps.setLong(1, now.toEpochMilli());
                if (groupPrefix != null) {
                    range(ps, groupPrefix);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new QueueCounts(rs.getInt(1), rs.getInt(2), rs.getInt(3));
                }
            }
        });
    }

    private static QueuedItem row(ResultSet rs) throws SQLException {
        WorkItem item = new WorkItem(
                rs.getString(1),
                rs.getString(2),
                rs.getBytes(3),
                Attributes.decode(rs.getBytes(4)),
                Instant.ofEpochMilli(rs.getLong(5)),
                instant(rs, 6));
        String owner = rs.getString(8);
        Lease lease = owner == null ? null : new Lease(owner, instant(rs, 9));
        return new QueuedItem(item, rs.getInt(7), lease);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    /** One statement on this queue's table with one parameter; returns the rows it changed. */
    private int update(Transaction tx, String statement, String parameter) {
        return run(tx, c -> {
            try (PreparedStatement ps = prepare(c, statement)) {
                ps.setString(1, parameter);
                return ps.executeUpdate();
            }
        });
    }

    private PreparedStatement prepare(Connection c, String statement) throws SQLException {
        return c.prepareStatement(tableOf(statement));
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
