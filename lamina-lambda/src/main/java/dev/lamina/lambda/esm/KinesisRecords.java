package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.kinesis.DataStreams;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;

/**
 * The documents of a Kinesis mapping, as Lambda writes them: the event record of each stream record,
 * and what its filters see of a record (the data decoded when it is JSON). Pure.
 */
final class KinesisRecords {
    private KinesisRecords() {}

    /** Where a shard's records come from and who reads them, as each event record names them. */
    record Source(String streamArn, String shardId, String region, String invokeIdentityArn) {}

    static StreamItem item(ObjectMapper json, Source source, DataStreams.Record r) {
        ObjectNode event = json.createObjectNode();
        ObjectNode kinesis = event.putObject("kinesis");
        kinesis.put("kinesisSchemaVersion", "1.0");
        kinesis.put("partitionKey", r.partitionKey());
        kinesis.put("sequenceNumber", r.sequenceNumber());
        kinesis.put("data", Base64.getEncoder().encodeToString(r.data()));
        kinesis.put("approximateArrivalTimestamp", seconds(r.approximateArrival()));
        event.put("eventSource", "aws:kinesis");
        event.put("eventVersion", "1.0");
        event.put("eventID", source.shardId() + ":" + r.sequenceNumber());
        event.put("eventName", "aws:kinesis:record");
        event.put("invokeIdentityArn", source.invokeIdentityArn());
        event.put("awsRegion", source.region());
        event.put("eventSourceARN", source.streamArn());
        return new StreamItem(r.sequenceNumber(), r.approximateArrival(), r.partitionKey(), event);
    }

    /** Epoch seconds with the milliseconds as a fraction, as {@code approximateArrivalTimestamp} has it. */
    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli(), 3);
    }

    /**
     * What filters match: the event record's fields with those of its {@code kinesis} beside them
     * ({@code partitionKey}, {@code data}, …, as Lambda's Kinesis filter patterns name them), and
     * {@code data} decoded when it is a JSON object; else as its base64 string.
     */
    static JsonNode forFilters(ObjectMapper json, ObjectNode record) {
        ObjectNode view = record.deepCopy();
        ObjectNode kinesis = (ObjectNode) view.get("kinesis");
        kinesis.properties().forEach(e -> view.set(e.getKey(), e.getValue()));
        try {
            byte[] data = Base64.getDecoder().decode(kinesis.get("data").asText());
            JsonNode parsed = json.readTree(data);
            if (parsed != null && parsed.isObject()) {
                kinesis.set("data", parsed);
                view.set("data", parsed);
            }
        } catch (IOException | IllegalArgumentException e) {
            // not JSON: matched as the base64 string
        }
        return view;
    }
}
