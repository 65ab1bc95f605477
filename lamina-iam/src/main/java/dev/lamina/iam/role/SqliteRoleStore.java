package dev.lamina.iam.role;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Roles in the node's SQLite database, table {@code iam_roles}: one row a role, keyed by its name in
 * lower case, the role a JSON document (read whole, never queried by).
 */
public final class SqliteRoleStore implements RoleStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions db;

    /** Opens the store in {@code db}, creating its table on first use. */
    public SqliteRoleStore(Transactions db) {
        this.db = db;
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate(
                        "CREATE TABLE IF NOT EXISTS iam_roles (name_key TEXT PRIMARY KEY, document TEXT NOT NULL)");
            }
            return null;
        });
    }

    @Override
    public boolean create(Transaction tx, Role role) {
        return write(
                tx, "INSERT INTO iam_roles(name_key, document) VALUES(?, ?) ON CONFLICT(name_key) DO NOTHING", role);
    }

    @Override
    public boolean update(Transaction tx, Role role) {
        return write(tx, "UPDATE iam_roles SET name_key = ?1, document = ?2 WHERE name_key = ?1", role);
    }

    private boolean write(Transaction tx, String statement, Role role) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, key(role.name()));
                ps.setString(2, document(role));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Role> find(Transaction tx, String name) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM iam_roles WHERE name_key = ?")) {
                ps.setString(1, key(name));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(role(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean delete(Transaction tx, String name) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM iam_roles WHERE name_key = ?")) {
                ps.setString(1, key(name));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Role> list(Transaction tx) {
        return run(tx, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM iam_roles ORDER BY name_key")) {
                List<Role> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(role(rs.getString(1)));
                    }
                }
                return out;
            }
        });
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String document(Role role) {
        ObjectNode doc = JSON.createObjectNode()
                .put("name", role.name())
                .put("path", role.path())
                .put("roleId", role.roleId())
                .put("arn", role.arn())
                .put("created", role.created().toEpochMilli())
                .put("assumeRolePolicyDocument", role.assumeRolePolicyDocument())
                .put("description", role.description())
                .put("maxSessionDuration", role.maxSessionDuration());
        role.tags().forEach(doc.putObject("tags")::put);
        role.inlinePolicies().forEach(doc.putObject("inlinePolicies")::put);
        role.attachedPolicies().forEach(doc.putArray("attachedPolicies")::add);
        return doc.toString();
    }

    private static Role role(String json) throws SQLException {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored role is damaged", e);
        }
        List<String> attached = new ArrayList<>();
        doc.path("attachedPolicies").forEach(arn -> attached.add(arn.asText()));
        return new Role(
                doc.get("name").asText(),
                doc.get("path").asText(),
                doc.get("roleId").asText(),
                doc.get("arn").asText(),
                Instant.ofEpochMilli(doc.get("created").asLong()),
                doc.get("assumeRolePolicyDocument").asText(),
                doc.hasNonNull("description") ? doc.get("description").asText() : null,
                doc.get("maxSessionDuration").asInt(),
                strings(doc.path("tags")),
                strings(doc.path("inlinePolicies")),
                attached);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private <T> T run(Transaction tx, Database.SqlWork<T> work) {
        try {
            return work.run(tx.on(db).connection());
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }
}
