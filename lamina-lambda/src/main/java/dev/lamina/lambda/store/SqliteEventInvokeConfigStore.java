package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.async.EventInvokeConfig;
import dev.lamina.lambda.async.EventInvokeConfigStore;
import dev.lamina.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Stores event invoke configurations in SQLite, one JSON document per function and qualifier. */
public final class SqliteEventInvokeConfigStore implements EventInvokeConfigStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteEventInvokeConfigStore(Database db, ObjectMapper json) throws SQLException {
        this.db = db;
        this.json = json;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE IF NOT EXISTS event_invoke_configs (function TEXT NOT NULL,"
                        + " qualifier TEXT NOT NULL, config TEXT NOT NULL, PRIMARY KEY (function, qualifier))");
            }
        });
    }

    @Override
    public void put(EventInvokeConfig config) {
        String doc;
        try {
            doc = json.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO event_invoke_configs(function, qualifier,"
                            + " config) VALUES(?, ?, ?) ON CONFLICT(function, qualifier) DO UPDATE SET config = excluded.config")) {
                ps.setString(1, config.functionName());
                ps.setString(2, config.qualifier());
                ps.setString(3, doc);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String functionName, String qualifier) {
        run(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM event_invoke_configs WHERE function = ? AND qualifier = ?")) {
                ps.setString(1, functionName);
                ps.setString(2, qualifier);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteFunction(String functionName) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_invoke_configs WHERE function = ?")) {
                ps.setString(1, functionName);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<EventInvokeConfig> all() {
        List<String> docs = run(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT config FROM event_invoke_configs");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        List<EventInvokeConfig> configs = new ArrayList<>(docs.size());
        for (String doc : docs) {
            try {
                configs.add(json.readValue(doc, EventInvokeConfig.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return configs;
    }

    private <T> T run(Database.SqlWork<T> work) {
        try {
            return db.withConnection(work);
        } catch (SQLException e) {
            throw new SqliteFunctionStore.StoreException(e);
        }
    }
}
