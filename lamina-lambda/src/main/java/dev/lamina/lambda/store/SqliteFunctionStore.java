package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.function.AliasConfig;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionStore;
import dev.lamina.lambda.function.PolicyStatement;
import dev.lamina.lambda.function.ProvisionedConfig;
import dev.lamina.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores functions in SQLite: each {@code $LATEST}, published version and alias as one JSON document,
 * the reserved concurrency and the last version number of each function as plain rows.
 */
public final class SqliteFunctionStore implements FunctionStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteFunctionStore(Database db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public void put(FunctionConfig config) {
        update(
                "INSERT INTO functions(name, config) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET config = excluded.config",
                config.name(),
                write(config));
    }

    @Override
    public void delete(String name) {
        inTransaction(c -> {
            for (String table : List.of(
                    "functions", "concurrency", "versions", "version_numbers", "aliases", "provisioned", "policies")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE name = ?")) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void putVersion(FunctionConfig version, Published last) {
        inTransaction(c -> {
            try (PreparedStatement pv = c.prepareStatement(
                            "INSERT OR REPLACE INTO versions(name, version, config) VALUES(?, ?, ?)");
                    PreparedStatement pn = c.prepareStatement(
                            "INSERT OR REPLACE INTO version_numbers(name, last, source) VALUES(?, ?, ?)")) {
                pv.setString(1, version.name());
                pv.setInt(2, Integer.parseInt(version.version()));
                pv.setString(3, write(version));
                pv.executeUpdate();
                pn.setString(1, version.name());
                pn.setInt(2, last.number());
                pn.setString(3, last.source());
                return pn.executeUpdate();
            }
        });
    }

    @Override
    public void deleteVersion(String name, String version) {
        update("DELETE FROM versions WHERE name = ? AND version = ?", name, Integer.parseInt(version));
    }

    @Override
    public List<FunctionConfig> all() {
        return documents("SELECT config FROM functions ORDER BY name", FunctionConfig.class);
    }

    @Override
    public List<FunctionConfig> allVersions() {
        return documents("SELECT config FROM versions ORDER BY name, version", FunctionConfig.class);
    }

    @Override
    public Map<String, Published> lastVersions() {
        return run(c -> {
            Map<String, Published> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, last, source FROM version_numbers");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Published(rs.getInt(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    @Override
    public void deleteQualified(String function, String qualifier) {
        inTransaction(c -> {
            for (String table : List.of("provisioned", "policies")) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM " + table + " WHERE name = ? AND qualifier = ?")) {
                    ps.setString(1, function);
                    ps.setString(2, qualifier);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void putAlias(AliasConfig alias) {
        update(
                "INSERT OR REPLACE INTO aliases(name, alias, config) VALUES(?, ?, ?)",
                alias.function(),
                alias.name(),
                write(alias));
    }

    @Override
    public void deleteAlias(String function, String alias) {
        update("DELETE FROM aliases WHERE name = ? AND alias = ?", function, alias);
    }

    @Override
    public List<AliasConfig> allAliases() {
        return documents("SELECT config FROM aliases ORDER BY name, alias", AliasConfig.class);
    }

    @Override
    public void putProvisioned(ProvisionedConfig config) {
        update(
                "INSERT OR REPLACE INTO provisioned(name, qualifier, config) VALUES(?, ?, ?)",
                config.function(),
                config.qualifier(),
                write(config));
    }

    @Override
    public void deleteProvisioned(String function, String qualifier) {
        update("DELETE FROM provisioned WHERE name = ? AND qualifier = ?", function, qualifier);
    }

    @Override
    public List<ProvisionedConfig> allProvisioned() {
        return documents("SELECT config FROM provisioned ORDER BY name, qualifier", ProvisionedConfig.class);
    }

    @Override
    public void putPolicy(String function, String qualifier, List<PolicyStatement> statements) {
        if (statements.isEmpty()) {
            update("DELETE FROM policies WHERE name = ? AND qualifier = ?", function, qualifier);
        } else {
            update(
                    "INSERT OR REPLACE INTO policies(name, qualifier, statements) VALUES(?, ?, ?)",
                    function,
                    qualifier,
                    write(statements));
        }
    }

    @Override
    public Map<String, List<PolicyStatement>> allPolicies() {
        Map<String, String> docs = run(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, qualifier, statements FROM policies");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1) + ":" + rs.getString(2), rs.getString(3));
                }
            }
            return out;
        });
        Map<String, List<PolicyStatement>> out = new HashMap<>();
        docs.forEach((key, doc) -> {
            try {
                out.put(key, List.of(json.readValue(doc, PolicyStatement[].class)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    @Override
    public void putReservedConcurrency(String name, Integer reserved) {
        if (reserved == null) {
            update("DELETE FROM concurrency WHERE name = ?", name);
        } else {
            update(
                    "INSERT INTO concurrency(name, reserved) VALUES(?, ?)"
                            + " ON CONFLICT(name) DO UPDATE SET reserved = excluded.reserved",
                    name,
                    reserved);
        }
    }

    @Override
    public Map<String, Integer> reservedConcurrency() {
        return intsByName("SELECT name, reserved FROM concurrency");
    }

    private void update(String sql, Object... params) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    private Map<String, Integer> intsByName(String sql) {
        return run(c -> {
            Map<String, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    private <T> List<T> documents(String sql, Class<T> type) {
        return Documents.query(db, json, type, sql);
    }

    private String write(Object value) {
        return Documents.write(json, value);
    }

    private <T> T inTransaction(Database.SqlWork<T> work) {
        return Documents.transaction(db, work);
    }

    private <T> T run(Database.SqlWork<T> work) {
        return Documents.run(db, work);
    }

    /** The state database failed; the operation did not happen. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super(cause);
        }
    }
}
