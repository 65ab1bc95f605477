package dev.lamina.lambda.store;

import dev.lamina.lambda.esm.CheckpointStore;
import dev.lamina.storage.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stream mappings' checkpoints in SQLite, one row per (mapping, shard). */
public final class SqliteCheckpointStore implements CheckpointStore {
    private static final String UPSERT = "INSERT INTO esm_checkpoints(mapping, shard, position) VALUES(?, ?, ?)"
            + " ON CONFLICT(mapping, shard) DO UPDATE SET position = excluded.position";

    private final Database db;

    public SqliteCheckpointStore(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE IF NOT EXISTS esm_checkpoints (mapping TEXT NOT NULL,"
                        + " shard TEXT NOT NULL, position TEXT NOT NULL, PRIMARY KEY (mapping, shard)) WITHOUT ROWID");
            }
        });
    }

    @Override
    public Map<String, String> checkpoints(String mapping) {
        return Documents.run(db, c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT shard, position FROM esm_checkpoints WHERE mapping = ? ORDER BY shard")) {
                ps.setString(1, mapping);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void put(String mapping, String shard, String position) {
        putAll(mapping, Map.of(shard, position));
    }

    @Override
    public void putAll(String mapping, Map<String, String> positions) {
        Documents.transaction(db, c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (Map.Entry<String, String> e : positions.entrySet()) {
                    ps.setString(1, mapping);
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void delete(String mapping) {
        Documents.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM esm_checkpoints WHERE mapping = ?")) {
                ps.setString(1, mapping);
                return ps.executeUpdate();
            }
        });
    }
}
