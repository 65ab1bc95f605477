package dev.lamina.scheduler.tags;

import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Tags in the node's SQLite database, a row per tag. */
public final class SqliteTagStore implements TagStore {
    private final Database db;

    public SqliteTagStore(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS scheduler_tags (arn TEXT NOT NULL, key TEXT NOT NULL,"
                        + " value TEXT NOT NULL, PRIMARY KEY (arn, key))");
            }
            return null;
        });
    }

    @Override
    public void put(Transaction tx, String arn, Map<String, String> tags) {
        try (PreparedStatement ps = tx.on(db)
                .connection()
                .prepareStatement("REPLACE INTO scheduler_tags (arn, key, value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                ps.setString(1, arn);
                ps.setString(2, tag.getKey());
                ps.setString(3, tag.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public void remove(Transaction tx, String arn, Collection<String> keys) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("DELETE FROM scheduler_tags WHERE arn = ? AND key = ?")) {
            for (String key : keys) {
                ps.setString(1, arn);
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public void removeAll(Transaction tx, String arn) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("DELETE FROM scheduler_tags WHERE arn = ?")) {
            ps.setString(1, arn);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public SortedMap<String, String> list(Transaction tx, String arn) {
        try (PreparedStatement ps =
                tx.on(db).connection().prepareStatement("SELECT key, value FROM scheduler_tags WHERE arn = ?")) {
            ps.setString(1, arn);
            SortedMap<String, String> out = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
