package dev.lamina.sqs.message;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/** {@link Deduplication} in the node's SQLite database: tables {@code sqs_fifo_sent} and {@code sqs_fifo_sequences}. */
public final class SqliteDeduplication implements Deduplication {
    private final Transactions db;

    public SqliteDeduplication(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS sqs_fifo_sent (grp TEXT NOT NULL, key TEXT NOT NULL,"
                        + " message_id TEXT NOT NULL, md5_body TEXT NOT NULL, md5_attributes TEXT,"
                        + " md5_system TEXT, sequence TEXT NOT NULL, until INTEGER NOT NULL, PRIMARY KEY(grp, key))");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS sqs_fifo_sequences (grp TEXT PRIMARY KEY,"
                        + " last INTEGER NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public Optional<Sent> find(Transaction tx, String queue, String key, Instant now) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id, md5_body, md5_attributes, md5_system,"
                    + " sequence FROM sqs_fifo_sent WHERE grp = ? AND key = ? AND until > ?")) {
                ps.setString(1, queue);
                ps.setString(2, key);
                ps.setLong(3, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Sent(
                                    rs.getString(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5)))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void remember(Transaction tx, String queue, String key, Sent sent, Instant now, Instant until) {
        run(tx, c -> {
            try (PreparedStatement drop = c.prepareStatement("DELETE FROM sqs_fifo_sent WHERE grp = ? AND until <= ?");
                    PreparedStatement add = c.prepareStatement("INSERT OR REPLACE INTO sqs_fifo_sent(grp, key,"
                            + " message_id, md5_body, md5_attributes, md5_system, sequence, until)"
                            + " VALUES(?, ?, ?, ?, ?, ?, ?, ?)")) {
                drop.setString(1, queue);
                drop.setLong(2, now.toEpochMilli());
                drop.executeUpdate();
                add.setString(1, queue);
                add.setString(2, key);
                add.setString(3, sent.messageId());
                add.setString(4, sent.md5OfBody());
                add.setString(5, sent.md5OfAttributes());
                add.setString(6, sent.md5OfSystemAttributes());
                add.setString(7, sent.sequenceNumber());
                add.setLong(8, until.toEpochMilli());
                return add.executeUpdate();
            }
        });
    }

    @Override
    public long nextSequence(Transaction tx, String queue) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sqs_fifo_sequences(grp, last) VALUES(?, 1)"
                    + " ON CONFLICT(grp) DO UPDATE SET last = last + 1 RETURNING last")) {
                ps.setString(1, queue);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void forget(Transaction tx, String queue) {
        run(tx, c -> {
            try (PreparedStatement sent = c.prepareStatement("DELETE FROM sqs_fifo_sent WHERE grp = ?");
                    PreparedStatement sequence = c.prepareStatement("DELETE FROM sqs_fifo_sequences WHERE grp = ?")) {
                sent.setString(1, queue);
                sent.executeUpdate();
                sequence.setString(1, queue);
                return sequence.executeUpdate();
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
