package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.url.FunctionUrlConfig;
import dev.lamina.lambda.url.FunctionUrlStore;
import dev.lamina.storage.Database;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

/**
 * Stores function URLs in SQLite, one JSON document per (function, qualifier), with the URL id
 * unique across the node.
 */
public final class SqliteFunctionUrlStore implements FunctionUrlStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteFunctionUrlStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
        run(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE IF NOT EXISTS function_urls (function_name TEXT NOT NULL,"
                        + " qualifier TEXT NOT NULL, url_id TEXT NOT NULL UNIQUE, config TEXT NOT NULL,"
                        + " PRIMARY KEY (function_name, qualifier))");
            }
        });
    }

    @Override
    public void put(FunctionUrlConfig config) {
        String doc = Documents.write(json, config);
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO function_urls(function_name, qualifier, url_id, config) VALUES(?, ?, ?, ?)"
                            + " ON CONFLICT(function_name, qualifier) DO UPDATE SET url_id = excluded.url_id,"
                            + " config = excluded.config")) {
                ps.setString(1, config.functionName());
                ps.setString(2, config.qualifierKey());
                ps.setString(3, config.urlId());
                ps.setString(4, doc);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String functionName, String qualifierKey) {
        run(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM function_urls WHERE function_name = ? AND qualifier = ?")) {
                ps.setString(1, functionName);
                ps.setString(2, qualifierKey);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void deleteAll(String functionName) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM function_urls WHERE function_name = ?")) {
                ps.setString(1, functionName);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<FunctionUrlConfig> all() {
        return Documents.query(db, json, FunctionUrlConfig.class, "SELECT config FROM function_urls");
    }

    private <T> T run(Database.SqlWork<T> work) {
        return Documents.run(db, work);
    }
}
