package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The event Lambda sends for a batch of a self-managed Kafka topic's records. Records are grouped by
 * partition under {@code "<topic>-<partition>"}, each in offset order; key and value are base64
 * (the key left out when the record has none), a header's value is its bytes as numbers. Pure.
 *
 * <pre>{@code
 * {"eventSource":"SelfManagedKafka","bootstrapServers":"b1:9092,b2:9092",
 *  "records":{"orders-0":[{"topic":"orders","partition":0,"offset":15,"timestamp":1545084650987,
 *    "timestampType":"CREATE_TIME","key":"azE=","value":"aGk=","headers":[{"h":[118]}]}]}}
 * }</pre>
 */
final class KafkaBatch {
    private KafkaBatch() {}

    /** One record as the event carries it. */
    static ObjectNode record(ObjectMapper json, ConsumerRecord<byte[], byte[]> r) {
        ObjectNode o = json.createObjectNode();
        o.put("topic", r.topic());
        o.put("partition", r.partition());
        o.put("offset", r.offset());
        o.put("timestamp", r.timestamp());
        o.put("timestampType", r.timestampType().name());
        if (r.key() != null) {
            o.put("key", Base64.getEncoder().encodeToString(r.key()));
        }
        o.put("value", r.value() == null ? null : Base64.getEncoder().encodeToString(r.value()));
        ArrayNode headers = o.putArray("headers");
        for (Header h : r.headers()) {
            ArrayNode bytes = headers.addObject().putArray(h.key());
            if (h.value() != null) {
                for (byte b : h.value()) {
                    bytes.add(b);
                }
            }
        }
        return o;
    }

    /**
     * {@code record} as filters see it: a value that is a JSON object is matched as that object, any
     * other value as its text.
     */
    static JsonNode forFilters(ObjectMapper json, ObjectNode record) {
        JsonNode value = record.get("value");
        if (value == null || value.isNull()) {
            return record;
        }
        String text = new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
        ObjectNode copy = record.deepCopy();
        copy.put("value", text);
        if (text.stripLeading().startsWith("{")) {
            try {
                JsonNode parsed = json.readTree(text);
                if (parsed != null && parsed.isObject()) {
                    copy.set("value", parsed);
                }
            } catch (IOException e) {
                // not JSON: matched as a string
            }
        }
        return copy;
    }

    /** The event of a batch: {@code records} (as {@link #record} made them) grouped by partition, in order. */
    static byte[] event(ObjectMapper json, String bootstrapServers, List<ObjectNode> records) {
        ObjectNode event = json.createObjectNode();
        event.put("eventSource", "SelfManagedKafka");
        event.put("bootstrapServers", bootstrapServers);
        ObjectNode byPartition = event.putObject("records");
        for (ObjectNode r : records) {
            String key = r.get("topic").asText() + "-" + r.get("partition").asInt();
            ArrayNode list = byPartition.has(key) ? (ArrayNode) byPartition.get(key) : byPartition.putArray(key);
            list.add(r);
        }
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
