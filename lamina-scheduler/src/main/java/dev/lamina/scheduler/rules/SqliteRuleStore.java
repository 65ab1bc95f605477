package dev.lamina.scheduler.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.storage.Database;
import dev.lamina.storage.StorageException;
import dev.lamina.storage.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rules and targets in the node's SQLite database, each row a JSON document. */
public final class SqliteRuleStore implements RuleStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;

    public SqliteRuleStore(Database db) throws SQLException {
        this.db = db;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS events_rules (name TEXT PRIMARY KEY, arn TEXT NOT NULL UNIQUE,"
                        + " doc TEXT NOT NULL)");
                st.execute("CREATE TABLE IF NOT EXISTS events_rule_targets (rule TEXT NOT NULL, id TEXT NOT NULL,"
                        + " doc TEXT NOT NULL, PRIMARY KEY (rule, id))");
            }
            return null;
        });
    }

    @Override
    public void put(Transaction tx, Rule rule) {
        ObjectNode doc = JSON.createObjectNode()
                .put("Name", rule.name())
                .put("Arn", rule.arn())
                .put("ScheduleExpression", rule.scheduleExpression())
                .put("EventPattern", rule.eventPattern())
                .put("State", rule.state())
                .put("Description", rule.description())
                .put("RoleArn", rule.roleArn())
                .put("Created", rule.created().toEpochMilli());
        execute(tx, "REPLACE INTO events_rules (name, arn, doc) VALUES (?, ?, ?)", rule.name(), rule.arn(), text(doc));
    }

    @Override
    public Optional<Rule> get(Transaction tx, String name) {
        return rules(tx, "SELECT doc FROM events_rules WHERE name = ?", name).stream()
                .findFirst();
    }

    @Override
    public Optional<Rule> byArn(Transaction tx, String arn) {
        return rules(tx, "SELECT doc FROM events_rules WHERE arn = ?", arn).stream()
                .findFirst();
    }

    @Override
    public List<Rule> list(Transaction tx, String prefix, String after, int limit) {
        return rules(tx, "SELECT doc FROM events_rules WHERE name > ? ORDER BY name", after == null ? "" : after)
                .stream()
                .filter(r -> prefix == null || r.name().startsWith(prefix))
                .limit(limit)
                .toList();
    }

    @Override
    public void delete(Transaction tx, String name) {
        execute(tx, "DELETE FROM events_rule_targets WHERE rule = ?", name);
        execute(tx, "DELETE FROM events_rules WHERE name = ?", name);
    }

    @Override
    public void putTarget(Transaction tx, String rule, RuleTarget target) {
        execute(
                tx,
                "REPLACE INTO events_rule_targets (rule, id, doc) VALUES (?, ?, ?)",
                rule,
                target.id(),
                text(target.document()));
    }

    @Override
    public boolean removeTarget(Transaction tx, String rule, String id) {
        return execute(tx, "DELETE FROM events_rule_targets WHERE rule = ? AND id = ?", rule, id) == 1;
    }

    @Override
    public List<RuleTarget> targets(Transaction tx, String rule) {
        List<RuleTarget> out = new ArrayList<>();
        for (JsonNode doc : docs(tx, "SELECT doc FROM events_rule_targets WHERE rule = ? ORDER BY id", rule)) {
            out.add(new RuleTarget(
                    doc.get("Id").asText(),
                    doc.get("Arn").asText(),
                    doc.path("Input").asText(null),
                    doc.path("InputPath").asText(null),
                    (ObjectNode) doc));
        }
        return out;
    }

    private List<Rule> rules(Transaction tx, String sql, String arg) {
        List<Rule> out = new ArrayList<>();
        for (JsonNode d : docs(tx, sql, arg)) {
            out.add(new Rule(
                    d.get("Name").asText(),
                    d.get("Arn").asText(),
                    d.path("ScheduleExpression").asText(null),
                    d.path("EventPattern").asText(null),
                    d.get("State").asText(),
                    d.path("Description").asText(null),
                    d.path("RoleArn").asText(null),
                    Instant.ofEpochMilli(d.get("Created").asLong())));
        }
        return out;
    }

    private List<JsonNode> docs(Transaction tx, String sql, String arg) {
        try (PreparedStatement ps = tx.on(db).connection().prepareStatement(sql)) {
            ps.setString(1, arg);
            List<JsonNode> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(JSON.readTree(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int execute(Transaction tx, String sql, String... args) {
        try (PreparedStatement ps = tx.on(db).connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    private static String text(JsonNode doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
