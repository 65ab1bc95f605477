package dev.lamina.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.function.FunctionConfig;
import dev.lamina.function.FunctionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Stores each function's {@code $LATEST} configuration in SQLite as one JSON document keyed by name. */
public final class SqliteFunctionStore implements FunctionStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteFunctionStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public void put(FunctionConfig config) {
        String doc = write(config);
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO functions(name, config) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET config = excluded.config")) {
                ps.setString(1, config.name());
                ps.setString(2, doc);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(String name) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM functions WHERE name = ?");
                    PreparedStatement pc = c.prepareStatement("DELETE FROM concurrency WHERE name = ?")) {
                ps.setString(1, name);
                pc.setString(1, name);
                return ps.executeUpdate() + pc.executeUpdate();
            }
        });
    }

    @Override
    public void putReservedConcurrency(String name, Integer reserved) {
        run(c -> {
            if (reserved == null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM concurrency WHERE name = ?")) {
                    ps.setString(1, name);
                    return ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO concurrency(name, reserved) VALUES(?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET reserved = excluded.reserved")) {
                ps.setString(1, name);
                ps.setInt(2, reserved);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public java.util.Map<String, Integer> reservedConcurrency() {
        return run(c -> {
            java.util.Map<String, Integer> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, reserved FROM concurrency");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    @Override
    public List<FunctionConfig> all() {
        List<String> docs = run(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT config FROM functions ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        List<FunctionConfig> configs = new ArrayList<>(docs.size());
        for (String doc : docs) {
            try {
                configs.add(json.readValue(doc, FunctionConfig.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return configs;
    }

    private String write(FunctionConfig config) {
        try {
            return json.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T run(Database.SqlWork<T> work) {
        try {
            return db.withConnection(work);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The state database failed; the operation did not happen. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause);
        }
    }
}
