package dev.lamina.dynamodb.ttl;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Time to Live settings in the node's SQLite database: a row in {@code dynamodb_ttl} per table that has it on. */
public final class SqliteTimeToLiveStore implements TimeToLiveStore {
    private final Transactions db;

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteTimeToLiveStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS dynamodb_ttl (table_id TEXT PRIMARY KEY,"
                        + " tbl TEXT NOT NULL, attribute TEXT NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public TimeToLive get(Transaction tx, String tableId) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attribute FROM dynamodb_ttl WHERE table_id = ?")) {
                ps.setString(1, tableId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new TimeToLive.Enabled(rs.getString(1)) : new TimeToLive.Disabled();
                }
            }
        });
    }

    @Override
    public void put(Transaction tx, String tableId, String table, TimeToLive ttl) {
        run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    ttl instanceof TimeToLive.Enabled
                            ? "INSERT OR REPLACE INTO dynamodb_ttl(table_id, tbl, attribute) VALUES(?, ?, ?)"
                            : "DELETE FROM dynamodb_ttl WHERE table_id = ?")) {
                ps.setString(1, tableId);
                if (ttl instanceof TimeToLive.Enabled(String attribute)) {
                    ps.setString(2, table);
                    ps.setString(3, attribute);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Entry> enabled(Transaction tx) {
        return run(tx, c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT table_id, tbl, attribute FROM dynamodb_ttl ORDER BY tbl");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
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
