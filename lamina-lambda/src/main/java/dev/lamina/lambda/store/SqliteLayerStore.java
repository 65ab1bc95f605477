package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.layer.LayerPolicy;
import dev.lamina.lambda.layer.LayerStore;
import dev.lamina.lambda.layer.LayerVersion;
import dev.lamina.storage.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Layer versions in SQLite: one JSON document per version, and per layer name the last version number
 * handed out, which survives the deletion of every version so that numbers are never reused.
 */
public final class SqliteLayerStore implements LayerStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteLayerStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
        run(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS layer_names (name TEXT PRIMARY KEY,"
                        + " last_version INTEGER NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS layer_versions (name TEXT NOT NULL, version INTEGER NOT NULL,"
                        + " doc TEXT NOT NULL, PRIMARY KEY (name, version))");
                st.execute("CREATE TABLE IF NOT EXISTS layer_policies (name TEXT NOT NULL, version INTEGER NOT NULL,"
                        + " doc TEXT NOT NULL, PRIMARY KEY (name, version))");
            }
            return null;
        });
    }

    @Override
    public LayerVersion publish(String name, LongFunction<LayerVersion> make) {
        return Documents.transaction(db, c -> {
            long version;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO layer_names(name, last_version)"
                    + " VALUES(?, 1) ON CONFLICT(name) DO UPDATE SET last_version = last_version + 1"
                    + " RETURNING last_version")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                }
            }
            LayerVersion made = make.apply(version);
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO layer_versions(name, version, doc) VALUES(?, ?, ?)")) {
                ps.setString(1, name);
                ps.setLong(2, version);
                ps.setString(3, Documents.write(json, made));
                ps.executeUpdate();
            }
            return made;
        });
    }

    @Override
    public Optional<LayerVersion> get(String name, long version) {
        List<LayerVersion> found =
                query("SELECT doc FROM layer_versions WHERE name = ? AND version = ?", name, version);
        return found.stream().findFirst();
    }

    @Override
    public List<LayerVersion> versions(String name) {
        return query("SELECT doc FROM layer_versions WHERE name = ? ORDER BY version DESC", name);
    }

    @Override
    public List<LayerVersion> all() {
        return query("SELECT doc FROM layer_versions ORDER BY name, version DESC");
    }

    @Override
    public void delete(String name, long version) {
        Documents.transaction(db, c -> {
            for (String table : List.of("layer_versions", "layer_policies")) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM " + table + " WHERE name = ? AND version = ?")) {
                    ps.setString(1, name);
                    ps.setLong(2, version);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<LayerPolicy> policy(String name, long version) {
        return Documents.query(
                        db,
                        json,
                        LayerPolicy.class,
                        "SELECT doc FROM layer_policies WHERE name = ? AND version = ?",
                        name,
                        version)
                .stream()
                .findFirst();
    }

    @Override
    public void putPolicy(String name, long version, LayerPolicy policy) {
        run(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("REPLACE INTO layer_policies(name, version, doc) VALUES(?, ?, ?)")) {
                ps.setString(1, name);
                ps.setLong(2, version);
                ps.setString(3, Documents.write(json, policy));
                return ps.executeUpdate();
            }
        });
    }

    private List<LayerVersion> query(String sql, Object... params) {
        return Documents.query(db, json, LayerVersion.class, sql, params);
    }

    private <T> T run(Database.SqlWork<T> work) {
        return Documents.run(db, work);
    }
}
