package dev.lamina.lambda.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.lambda.esm.EventSourceMapping;
import dev.lamina.lambda.esm.KafkaSettings;
import dev.lamina.lambda.esm.MappingState;
import dev.lamina.lambda.esm.MappingStore;
import dev.lamina.lambda.esm.StreamSettings;
import dev.lamina.storage.Database;
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

/**
 * Keeps event source mappings in SQLite, one JSON document each, in the order they were made. (A
 * Kafka mapping's offsets are not here: they are its consumer group's, committed to the cluster.)
 */
public final class SqliteMappingStore implements MappingStore {
    private final Database db;
    private final ObjectMapper json;

    public SqliteMappingStore(Database db, ObjectMapper json) throws SQLException {
        this.db = db;
        this.json = json;
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("CREATE TABLE IF NOT EXISTS event_source_mappings"
                        + " (seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE, mapping TEXT NOT NULL)");
            }
        });
    }

    @Override
    public void put(EventSourceMapping mapping) {
        String doc = write(mapping);
        Documents.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_source_mappings(uuid, mapping)"
                    + " VALUES(?, ?) ON CONFLICT(uuid) DO UPDATE SET mapping = excluded.mapping")) {
                ps.setString(1, mapping.uuid());
                ps.setString(2, doc);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<EventSourceMapping> get(String uuid) {
        return read("SELECT mapping FROM event_source_mappings WHERE uuid = ?", uuid).stream()
                .findFirst();
    }

    @Override
    public void delete(String uuid) {
        Documents.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_source_mappings WHERE uuid = ?")) {
                ps.setString(1, uuid);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<EventSourceMapping> all() {
        return read("SELECT mapping FROM event_source_mappings ORDER BY seq");
    }

    private List<EventSourceMapping> read(String sql, String... params) {
        List<String> docs = Documents.run(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setString(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        return docs.stream().map(this::parse).toList();
    }

    private String write(EventSourceMapping m) {
        ObjectNode o = json.createObjectNode();
        o.put("uuid", m.uuid());
        o.put("eventSourceArn", m.eventSourceArn());
        o.put("function", m.function());
        o.put("qualifier", m.qualifier());
        o.put("batchSize", m.batchSize());
        o.put("batchingWindowSeconds", m.batchingWindowSeconds());
        m.functionResponseTypes().forEach(o.putArray("functionResponseTypes")::add);
        m.filters().forEach(o.putArray("filters")::add);
        o.put("maximumConcurrency", m.maximumConcurrency());
        o.put("state", m.state().name());
        o.put("polls", m.state().polls());
        o.put("stateTransitionReason", m.stateTransitionReason());
        o.put("lastModified", m.lastModified().toEpochMilli());
        o.put("lastProcessingResult", m.lastProcessingResult());
        StreamSettings st = m.stream();
        if (st != null) {
            ObjectNode so = o.putObject("stream");
            so.put("startingPosition", st.startingPosition());
            so.put(
                    "startingPositionTimestamp",
                    st.startingPositionTimestamp() == null
                            ? null
                            : st.startingPositionTimestamp().toEpochMilli());
            so.put("parallelizationFactor", st.parallelizationFactor());
            so.put("maximumRetryAttempts", st.maximumRetryAttempts());
            so.put("maximumRecordAgeSeconds", st.maximumRecordAgeSeconds());
            so.put("bisectOnError", st.bisectOnError());
            so.put("onFailure", st.onFailure());
            so.put("tumblingWindowSeconds", st.tumblingWindowSeconds());
        }
        KafkaSettings kafka = m.kafka();
        if (kafka != null) {
            ObjectNode ko = o.putObject("kafka");
            kafka.bootstrapServers().forEach(ko.putArray("bootstrapServers")::add);
            ko.put("topic", kafka.topic());
            ko.put("consumerGroupId", kafka.consumerGroupId());
            ko.put("startingPosition", kafka.startingPosition());
        }
        return o.toString();
    }

    private EventSourceMapping parse(String doc) {
        try {
            JsonNode o = json.readTree(doc);
            return new EventSourceMapping(
                    o.get("uuid").asText(),
                    o.path("eventSourceArn").isTextual()
                            ? o.get("eventSourceArn").asText()
                            : null,
                    o.get("function").asText(),
                    o.get("qualifier").isNull() ? null : o.get("qualifier").asText(),
                    o.get("batchSize").asInt(),
                    o.get("batchingWindowSeconds").asInt(),
                    strings(o.get("functionResponseTypes")),
                    strings(o.get("filters")),
                    o.get("maximumConcurrency").isNull()
                            ? null
                            : o.get("maximumConcurrency").asInt(),
                    MappingState.of(o.get("state").asText(), o.get("polls").asBoolean()),
                    o.get("stateTransitionReason").asText(),
                    Instant.ofEpochMilli(o.get("lastModified").asLong()),
                    o.get("lastProcessingResult").asText(),
                    streamSettings(o.get("stream")),
                    kafkaSettings(o.get("kafka")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StreamSettings streamSettings(JsonNode so) {
        if (so == null || so.isNull()) {
            return null;
        }
        JsonNode ts = so.get("startingPositionTimestamp");
        JsonNode onFailure = so.get("onFailure");
        return new StreamSettings(
                so.get("startingPosition").asText(),
                ts == null || ts.isNull() ? null : Instant.ofEpochMilli(ts.asLong()),
                so.get("parallelizationFactor").asInt(),
                so.get("maximumRetryAttempts").asInt(),
                so.get("maximumRecordAgeSeconds").asInt(),
                so.get("bisectOnError").asBoolean(),
                onFailure == null || onFailure.isNull() ? null : onFailure.asText(),
                so.get("tumblingWindowSeconds").asInt());
    }

    private static KafkaSettings kafkaSettings(JsonNode ko) {
        if (ko == null || ko.isNull()) {
            return null;
        }
        return new KafkaSettings(
                strings(ko.get("bootstrapServers")),
                ko.get("topic").asText(),
                ko.get("consumerGroupId").asText(),
                ko.get("startingPosition").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
