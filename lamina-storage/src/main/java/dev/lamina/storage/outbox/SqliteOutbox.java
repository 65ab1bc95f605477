package dev.lamina.storage.outbox;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.queue.Lease;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@link Outbox} in the node's SQLite database, table {@code outbox}: one row per entry, numbered
 * in append order by its rowid ({@code AUTOINCREMENT}: a number is never given twice, also after the
 * entry that had it was delivered), with its topic and key joined into one column, {@code stream}, indexed
 * so that a stream's first entry is one look-up. Finding the heads hops from one stream to the next
 * along that index: O(streams × log n), however long a stream whose head keeps failing has grown.
 *
 * <p>Example: entries 1 (topic {@code s3}, key {@code a}), 2 ({@code s3}, {@code b}), 3 ({@code s3},
 * {@code a}). The heads are 1 and 2. If 1 fails and waits a minute, a claim finds 2 only (3 is behind 1);
 * once 1 is delivered, 3 is a head.
 *
 * <p>Thread-safe: every call runs in the caller's transaction on the database's one connection.
 */
public final class SqliteOutbox implements Outbox {
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:/-]+");
    /** Between a topic and its key in the stream column; no topic holds it. */
    private static final char SEPARATOR = ' ';

    private final Database db;
    private final InstantSource clock;
    private volatile Runnable listener;

    /** @param clock stamps when each entry was appended */
    public SqliteOutbox(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                String columns = "(seq INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,"
                        + " topic TEXT NOT NULL, key TEXT NOT NULL, payload BLOB NOT NULL, appended_at INTEGER NOT NULL,"
                        + " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL DEFAULT 0,"
                        + " last_error TEXT, owner TEXT, leased_until INTEGER)";
                if (reusesNumbers(tx)) {
                    // made by an earlier version, whose numbers came back once the last entry was delivered
                    st.executeUpdate("ALTER TABLE outbox RENAME TO outbox_reused");
                    st.executeUpdate("DROP INDEX IF EXISTS outbox_stream");
                    st.executeUpdate("CREATE TABLE outbox " + columns);
                    st.executeUpdate("INSERT INTO outbox SELECT * FROM outbox_reused");
                    st.executeUpdate("DROP TABLE outbox_reused");
                }
                st.executeUpdate("CREATE TABLE IF NOT EXISTS outbox " + columns);
                st.executeUpdate("CREATE INDEX IF NOT EXISTS outbox_stream ON outbox(stream)");
            }
            return null;
        });
    }

    /**
     * Whether the table exists without {@code AUTOINCREMENT}: SQLite then gives a new row the largest
     * rowid plus one, so once every entry was delivered the numbers start again, and a receiver that
     * keys on them (a notification's request id) would take a new entry for one it already has.
     */
    private static boolean reusesNumbers(Transaction tx) throws SQLException {
        try (PreparedStatement ps = tx.connection()
                .prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'")) {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        && !rs.getString(1).toUpperCase(java.util.Locale.ROOT).contains("AUTOINCREMENT");
            }
        }
    }

    @Override
    public void append(Transaction tx, String topic, String key, byte[] payload) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("an outbox topic is letters, digits and . _ : / -, not: " + topic);
        }
        run(tx, () -> {
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement(
                            "INSERT INTO outbox(stream, topic, key, payload, appended_at) VALUES(?, ?, ?, ?, ?)")) {
                ps.setString(1, topic + SEPARATOR + key);
                ps.setString(2, topic);
                ps.setString(3, key);
                ps.setBytes(4, payload);
                ps.setLong(5, clock.millis());
                return ps.executeUpdate();
            }
        });
        Runnable wake = listener;
        if (wake != null) {
            tx.afterCommit(wake);
        }
    }

    @Override
    public List<OutboxEntry> claimHeads(Transaction tx, Instant now, Lease lease, int max) {
        if (max <= 0) {
            return List.of();
        }
        return run(tx, () -> {
            List<OutboxEntry> heads = new ArrayList<>();
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement("WITH RECURSIVE s(name) AS (SELECT (SELECT MIN(stream) FROM outbox)"
                            + " UNION ALL SELECT (SELECT MIN(stream) FROM outbox WHERE stream > s.name) FROM s"
                            + " WHERE s.name IS NOT NULL)"
                            + " SELECT o.seq, o.topic, o.key, o.payload, o.appended_at, o.attempts FROM s JOIN outbox o"
                            + " ON o.seq = (SELECT MIN(seq) FROM outbox WHERE stream = s.name)"
                            + " WHERE o.next_attempt_at <= ?1 AND (o.owner IS NULL OR o.leased_until <= ?1)"
                            + " ORDER BY o.seq LIMIT ?2")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heads.add(new OutboxEntry(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getBytes(4),
                                Instant.ofEpochMilli(rs.getLong(5)),
                                rs.getInt(6)));
                    }
                }
            }
            try (PreparedStatement ps =
                    tx.connection().prepareStatement("UPDATE outbox SET owner = ?, leased_until = ? WHERE seq = ?")) {
                for (OutboxEntry head : heads) {
                    ps.setString(1, lease.owner());
                    ps.setObject(2, lease.until() == null ? null : lease.until().toEpochMilli());
                    ps.setLong(3, head.seq());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return heads;
        });
    }

    @Override
    public void delivered(Transaction tx, long seq) {
        run(tx, () -> {
            try (PreparedStatement ps = tx.connection().prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
                ps.setLong(1, seq);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void failed(Transaction tx, long seq, Instant retryAt, String error) {
        run(tx, () -> {
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                            + " last_error = ?, owner = NULL, leased_until = NULL WHERE seq = ?")) {
                ps.setLong(1, retryAt.toEpochMilli());
                ps.setString(2, error);
                ps.setLong(3, seq);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int releaseAllBut(Transaction tx, String owner) {
        return run(tx, () -> {
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement("UPDATE outbox SET owner = NULL, leased_until = NULL"
                            + " WHERE owner IS NOT NULL AND owner <> ?")) {
                ps.setString(1, owner);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int size(Transaction tx) {
        return run(tx, () -> {
            try (Statement st = tx.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM outbox")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

    @Override
    public void onAppend(Runnable listener) {
        this.listener = listener;
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    private <T> T run(Transaction tx, Sql<T> work) {
        tx.on(db);
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
