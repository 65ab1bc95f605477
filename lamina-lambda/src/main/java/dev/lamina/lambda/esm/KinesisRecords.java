package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.spi.lambda.InvocationResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * The documents of a Kinesis mapping, as Lambda writes them: the event record of each stream record,
 * the record a discarded batch leaves at its OnFailure destination, and what its
 * filters see of a record (the data decoded when it is JSON). Pure.
 */
final class KinesisRecords {
    /** Times in the failure record: ISO 8601 with milliseconds, as Lambda writes them. */
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

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

    /**
     * The record a discarded batch leaves at the OnFailure destination.
     *
     * @param invokeCount how many times the batch's function was invoked
     * @param last how its last invocation ended, or {@code null} when none ran
     */
    static String failure(
            ObjectMapper json,
            Source source,
            String functionArn,
            List<StreamItem> batch,
            String condition,
            int invokeCount,
            InvocationResult last,
            Instant now) {
        ObjectNode o = json.createObjectNode();
        ObjectNode request = o.putObject("requestContext");
        request.put("requestId", last == null ? null : last.requestId());
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", invokeCount);
        ObjectNode response = o.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", last == null ? "$LATEST" : last.executedVersion());
        response.put("functionError", last == null ? null : last.functionError());
        o.put("version", "1.0");
        o.put("timestamp", MILLIS.format(now));
        ObjectNode info = o.putObject("KinesisBatchInfo");
        info.put("shardId", source.shardId());
        info.put("startSequenceNumber", batch.getFirst().sequenceNumber());
        info.put("endSequenceNumber", batch.getLast().sequenceNumber());
        info.put(
                "approximateArrivalOfFirstRecord",
                MILLIS.format(batch.getFirst().arrival()));
        info.put("approximateArrivalOfLastRecord", MILLIS.format(batch.getLast().arrival()));
        info.put("batchSize", batch.size());
        info.put("streamArn", source.streamArn());
        return o.toString();
    }
}
