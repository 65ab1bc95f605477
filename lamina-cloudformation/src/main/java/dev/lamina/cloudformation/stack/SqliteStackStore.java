package dev.lamina.cloudformation.stack;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.lamina.storage.Transactions;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stacks in the node's SQLite database: tables {@code cfn_stacks} (one row a stack, its record as
 * JSON), {@code cfn_stack_events} and {@code cfn_change_sets}. Rows are read whole, never queried by
 * what is inside them; a stack is found by ARN, or by name among those not deleted.
 */
public final class SqliteStackStore implements StackStore {
    private final Transactions db;
    private final ObjectMapper json;

    /** Opens the store in {@code db}, creating its tables on first use. */
    public SqliteStackStore(Transactions db) {
        this.db = db;
        this.json = mapper();
        db.transaction(tx -> {
            try (Statement st = tx.connection().createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS cfn_stacks (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                        + " deleted INTEGER NOT NULL, created INTEGER NOT NULL, doc TEXT NOT NULL)");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS cfn_stacks_name ON cfn_stacks(name, deleted)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS cfn_stack_events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " stack_id TEXT NOT NULL, doc TEXT NOT NULL)");
                st.executeUpdate(
                        "CREATE INDEX IF NOT EXISTS cfn_stack_events_stack ON cfn_stack_events(stack_id, seq)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS cfn_change_sets (id TEXT PRIMARY KEY,"
                        + " stack_id TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL)");
            }
            return null;
        });
    }

    private static ObjectMapper mapper() {
        SimpleModule times = new SimpleModule()
                .addSerializer(Instant.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(Instant value, JsonGenerator gen, SerializerProvider p) throws IOException {
                        gen.writeString(value.toString());
                    }
                })
                .addDeserializer(Instant.class, new JsonDeserializer<>() {
                    @Override
                    public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        return Instant.parse(p.getValueAsString());
                    }
                })
                .addSerializer(StackStatus.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(StackStatus value, JsonGenerator gen, SerializerProvider p)
                            throws IOException {
                        gen.writeStartObject();
                        gen.writeStringField("name", value.name());
                        gen.writeStringField("since", value.since().toString());
                        gen.writeStringField("reason", value.reason());
                        gen.writeEndObject();
                    }
                })
                .addDeserializer(StackStatus.class, new JsonDeserializer<>() {
                    @Override
                    public StackStatus deserialize(JsonParser p, DeserializationContext c) throws IOException {
                        JsonNode node = p.readValueAsTree();
                        return StackStatus.of(
                                node.get("name").asText(),
                                Instant.parse(node.get("since").asText()),
                                node.path("reason").asText(null));
                    }
                });
        return new ObjectMapper()
                .registerModule(times)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    @Override
    public Optional<Stack> find(String nameOrId) {
        boolean byId = nameOrId.startsWith("arn:");
        return db.transaction(tx -> {
            try (PreparedStatement ps = tx.connection()
                    .prepareStatement(
                            byId
                                    ? "SELECT doc FROM cfn_stacks WHERE id = ?"
                                    : "SELECT doc FROM cfn_stacks WHERE name = ? AND deleted = 0")) {
                ps.setString(1, nameOrId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs.getString(1), Stack.class)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(Stack stack) {
        write(
                "INSERT INTO cfn_stacks(id, name, deleted, created, doc) VALUES(?1, ?2, ?3, ?4, ?5)"
                        + " ON CONFLICT(id) DO UPDATE SET deleted = ?3, doc = ?5",
                stack.id(),
                stack.name(),
                stack.status().deleted() ? 1 : 0,
                stack.created().toEpochMilli(),
                stack);
    }

    @Override
    public List<Stack> all() {
        return list("SELECT doc FROM cfn_stacks ORDER BY created DESC", null, Stack.class);
    }

    @Override
    public void append(StackEvent event) {
        write("INSERT INTO cfn_stack_events(stack_id, doc) VALUES(?, ?)", event.stackId(), event);
    }

    @Override
    public List<StackEvent> events(String stackId) {
        return list("SELECT doc FROM cfn_stack_events WHERE stack_id = ? ORDER BY seq DESC", stackId, StackEvent.class);
    }

    @Override
    public void put(ChangeSet changeSet) {
        write(
                "INSERT INTO cfn_change_sets(id, stack_id, name, doc) VALUES(?1, ?2, ?3, ?4)"
                        + " ON CONFLICT(id) DO UPDATE SET doc = ?4",
                changeSet.id(),
                changeSet.stackId(),
                changeSet.name(),
                changeSet);
    }

    @Override
    public Optional<ChangeSet> changeSet(String stackId, String nameOrId) {
        return changeSets(stackId).stream()
                .filter(c -> c.id().equals(nameOrId) || c.name().equals(nameOrId))
                .findFirst();
    }

    @Override
    public List<ChangeSet> changeSets(String stackId) {
        return list("SELECT doc FROM cfn_change_sets WHERE stack_id = ? ORDER BY rowid", stackId, ChangeSet.class);
    }

    private <T> T read(String doc, Class<T> type) {
        try {
            return json.readValue(doc, type);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a stored " + type.getSimpleName() + " cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(String sql, Object... values) {
        db.transaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    switch (v) {
                        case String s -> ps.setString(i + 1, s);
                        case Integer n -> ps.setInt(i + 1, n);
                        case Long n -> ps.setLong(i + 1, n);
                        default -> ps.setString(i + 1, write(v));
                    }
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    private <T> List<T> list(String sql, String key, Class<T> type) {
        return db.transaction(tx -> {
            try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
                if (key != null) {
                    ps.setString(1, key);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs.getString(1), type));
                    }
                }
                return out;
            }
        });
    }
}
