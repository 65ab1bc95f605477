package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.spi.lambda.InvocationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/s";
    private static final String SEQ = "49000000000006000000000000000000000000000000000000000007";
    private static final KinesisRecords.Source SOURCE =
            new KinesisRecords.Source(STREAM, "shardId-000000000006", "us-east-1", "arn:aws:iam::000000000000:role/r");

    private static StreamItem item(String data) {
        return KinesisRecords.item(
                JSON,
                SOURCE,
                new DataStreams.Record(
                        SEQ, Instant.parse("2018-12-17T22:10:50.987Z"), "1", data.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEventRecordHasLambdasShape() throws Exception {
        JsonNode expected = JSON.readTree("""
                {"kinesis":{"kinesisSchemaVersion":"1.0","partitionKey":"1","sequenceNumber":"%s",
                 "data":"SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==","approximateArrivalTimestamp":1545084650.987},
                 "eventSource":"aws:kinesis","eventVersion":"1.0","eventID":"shardId-000000000006:%s",
                 "eventName":"aws:kinesis:record","invokeIdentityArn":"arn:aws:iam::000000000000:role/r",
                 "awsRegion":"us-east-1","eventSourceARN":"%s"}""".formatted(SEQ, SEQ, STREAM));
        String written = item("Hello, this is a test.").event().toString();
        assertEquals(expected, JSON.readTree(written));
        assertTrue(written.contains("\"approximateArrivalTimestamp\":1545084650.987}"), written);
        assertEquals(
                "{\"Records\":[" + item("x").event() + "]}",
                new String(StreamBatches.event(JSON, List.of(item("x"))), StandardCharsets.UTF_8));
    }

    @Test
    void filtersSeeJsonDataDecodedAndTheKinesisFieldsAtTheTop() {
        JsonNode view = KinesisRecords.forFilters(JSON, item("{\"temp\":30}").event());
        assertEquals(30, view.at("/data/temp").asInt());
        assertEquals("1", view.get("partitionKey").asText());
        assertEquals(
                "eA==",
                KinesisRecords.forFilters(JSON, item("x").event()).get("data").asText());
    }

    @Test
    void theFailureRecordNamesTheBatch() throws Exception {
        StreamItem first = item("a");
        InvocationResult last = new InvocationResult("req-1", "$LATEST", new byte[0], "Unhandled");
        JsonNode record = JSON.readTree(StreamFailures.record(
                JSON,
                new StreamFailures.Origin(
                        "KinesisBatchInfo",
                        STREAM,
                        "shardId-000000000006",
                        "arn:aws:lambda:us-east-1:000000000000:function:f"),
                List.of(first),
                "RetryAttemptsExhausted",
                3,
                last,
                Instant.parse("2026-12-07T10:00:00Z")));
        assertEquals(
                "RetryAttemptsExhausted", record.at("/requestContext/condition").asText());
        assertEquals(3, record.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals("Unhandled", record.at("/responseContext/functionError").asText());
        assertEquals("1.0", record.get("version").asText());
        assertEquals("2026-12-07T10:00:00.000Z", record.get("timestamp").asText());
        JsonNode info = record.get("KinesisBatchInfo");
        assertEquals("shardId-000000000006", info.get("shardId").asText());
        assertEquals(SEQ, info.get("startSequenceNumber").asText());
        assertEquals(SEQ, info.get("endSequenceNumber").asText());
        assertEquals(
                "2018-12-17T22:10:50.987Z",
                info.get("approximateArrivalOfFirstRecord").asText());
        assertEquals(1, info.get("batchSize").asInt());
        assertEquals(STREAM, info.get("streamArn").asText());
    }

    @Test
    void reportedFailuresNameTheFirstFailedRecord() {
        List<StreamItem> batch = List.of(
                new StreamItem("1", Instant.EPOCH, "k", JSON.createObjectNode()),
                new StreamItem("2", Instant.EPOCH, "k", JSON.createObjectNode()),
                new StreamItem("3", Instant.EPOCH, "k", JSON.createObjectNode()));
        InvocationResult partial = new InvocationResult(
                "r",
                "$LATEST",
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"3\"},{\"itemIdentifier\":\"2\"}]}"
                        .getBytes(StandardCharsets.UTF_8),
                null);
        assertEquals(new StreamRetry.Outcome.Partial(1), StreamRetry.outcome(JSON, partial, batch, true));
        assertInstanceOf(StreamRetry.Outcome.Success.class, StreamRetry.outcome(JSON, partial, batch, false));
        InvocationResult error = new InvocationResult("r", "$LATEST", new byte[0], "Unhandled");
        assertInstanceOf(StreamRetry.Outcome.Failure.class, StreamRetry.outcome(JSON, error, batch, true));
    }
}
