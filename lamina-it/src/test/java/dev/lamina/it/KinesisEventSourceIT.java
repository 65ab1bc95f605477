package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Kinesis event source mappings end to end: a real node, its streams driven by the SDK for Java v2
 * (CBOR) and the CLI, and Python functions that print each batch they get ({@code BATCH <event>}).
 */
class KinesisEventSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            import base64, json, time
            def handler(event, context):
                print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                if any(b"bad" in base64.b64decode(r["kinesis"]["data"]) for r in event["Records"]):
                    raise Exception("a bad record")
            """;

    static TestNode node;
    static LambdaClient lambda;
    static KinesisClient kinesis;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        kinesis = KinesisIT.client(URI.create(node.endpoint()));
        sqs = SqsIT.client(node);
    }

    @AfterAll
    static void stop() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static String stream(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        KinesisIT.waitActive(kinesis, name);
        return kinesis.describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamARN();
    }

    /** Puts each {@code key=data} in one PutRecords, in order. */
    static void put(KinesisClient kinesis, String stream, List<String[]> records) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (String[] r : records) {
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(r[0])
                    .data(SdkBytes.fromUtf8String(r[1]))
                    .build());
        }
        assertEquals(
                0,
                kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount());
    }

    /** Every record the function received, in the order its batches were logged. */
    private static List<JsonNode> records(String function) {
        return AsyncLogs.batchRecords(node, function);
    }

    private static String data(JsonNode record) {
        return new String(Base64.getDecoder().decode(record.at("/kinesis/data").asText()), StandardCharsets.UTF_8);
    }

    @Test
    void recordsReachTheFunctionInOrderPerShardInLambdasShape() throws Exception {
        String fn = "kinesis-esm-order";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = stream(kinesis, "esm-orders", 2);

        var missing = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn).functionName(fn)));
        assertTrue(missing.getMessage().contains("Value null at 'startingPosition'"), missing.getMessage());
        var factor = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                        .functionName(fn)
                        .startingPosition(EventSourcePosition.TRIM_HORIZON)
                        .parallelizationFactor(11)));
        assertTrue(factor.getMessage().contains("'parallelizationFactor'"), factor.getMessage());
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn + "-none")
                        .functionName(fn)
                        .startingPosition(EventSourcePosition.TRIM_HORIZON)));
        assertEquals(
                0,
                lambda.listEventSourceMappings(r -> r.functionName(fn))
                        .eventSourceMappings()
                        .size(),
                "a refused mapping leaves nothing behind");

        List<String[]> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(new String[] {"key-" + (i % 4), "record-" + i});
        }
        put(kinesis, "esm-orders", sent.subList(0, 6)); // before the mapping: TRIM_HORIZON reads them
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .batchSize(3));
        assertEquals("Creating", created.state());
        assertEquals("User action", created.stateTransitionReason());
        assertEquals(EventSourcePosition.TRIM_HORIZON, created.startingPosition());
        assertEquals(1, created.parallelizationFactor());
        assertEquals(-1, created.maximumRetryAttempts());
        assertEquals(-1, created.maximumRecordAgeInSeconds());
        assertEquals(false, created.bisectBatchOnFunctionError());
        assertEquals(0, created.tumblingWindowInSeconds());
        assertEquals(null, created.destinationConfig().onFailure().destination());
        assertEquals("No records processed", created.lastProcessingResult());
        put(kinesis, "esm-orders", sent.subList(6, 12));

        List<JsonNode> got = AsyncLogs.await(
                () -> {
                    List<JsonNode> r = records(fn);
                    return r.size() >= 12 ? r : null;
                },
                Duration.ofSeconds(30),
                "the function never got all 12 records");
        assertEquals(12, got.size(), "each record once");
        Map<String, List<String>> byKey = new TreeMap<>();
        Map<String, String> lastSequence = new LinkedHashMap<>();
        for (JsonNode r : got) {
            String shard = r.get("eventID").asText().split(":")[0];
            String sequence = r.at("/kinesis/sequenceNumber").asText();
            assertEquals(shard + ":" + sequence, r.get("eventID").asText());
            String before = lastSequence.put(shard, sequence);
            assertTrue(before == null || before.compareTo(sequence) < 0, "a shard's records in order");
            byKey.computeIfAbsent(r.at("/kinesis/partitionKey").asText(), k -> new ArrayList<>())
                    .add(data(r));
            assertEquals("aws:kinesis", r.get("eventSource").asText());
            assertEquals("1.0", r.get("eventVersion").asText());
            assertEquals("aws:kinesis:record", r.get("eventName").asText());
            assertEquals("us-east-1", r.get("awsRegion").asText());
            assertEquals(arn, r.get("eventSourceARN").asText());
            assertTrue(r.get("invokeIdentityArn").asText().startsWith("arn:aws:iam::"), r.toString());
            assertEquals("1.0", r.at("/kinesis/kinesisSchemaVersion").asText());
            assertTrue(r.at("/kinesis/approximateArrivalTimestamp").isFloatingPointNumber(), r.toString());
        }
        assertEquals(List.of("record-0", "record-4", "record-8"), byKey.get("key-0"));
        assertEquals(List.of("record-3", "record-7", "record-11"), byKey.get("key-3"));
        AsyncLogs.awaitTrue(
                () -> "OK"
                        .equals(lambda.getEventSourceMapping(r -> r.uuid(created.uuid()))
                                .lastProcessingResult()),
                Duration.ofSeconds(10),
                "the mapping reports its batches");

        var updated = lambda.updateEventSourceMapping(r -> r.uuid(created.uuid())
                .maximumRetryAttempts(5)
                .bisectBatchOnFunctionError(true)
                .maximumRecordAgeInSeconds(3600));
        assertEquals(5, updated.maximumRetryAttempts());
        assertEquals(true, updated.bisectBatchOnFunctionError());
        assertEquals(3600, updated.maximumRecordAgeInSeconds());
        assertEquals(3, updated.batchSize(), "what the update does not name stays");
        var age = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.updateEventSourceMapping(r ->
                        r.uuid(created.uuid()).maximumRecordAgeInSeconds(30).batchSize(7)));
        assertTrue(age.getMessage().contains("'maximumRecordAgeInSeconds'"), age.getMessage());
        var listed = lambda.listEventSourceMappings(r -> r.eventSourceArn(arn)).eventSourceMappings();
        assertEquals(1, listed.size());
        assertEquals(3600, listed.getFirst().maximumRecordAgeInSeconds(), "a refused update changes nothing");
        assertEquals(3, listed.getFirst().batchSize(), "a refused update changes nothing");
        assertEquals(
                "Deleting",
                lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid())).state());
    }

    @Test
    void aFailingRecordIsBisectedRetriedAndEndsOnTheOnFailureQueue() throws Exception {
        String fn = "kinesis-esm-bisect";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = stream(kinesis, "esm-bisect", 1);
        String dlqUrl =
                sqs.createQueue(r -> r.queueName("esm-kinesis-failures")).queueUrl();
        String dlq = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        put(
                kinesis,
                "esm-bisect",
                List.of(
                        new String[] {"a", "ok-0"},
                        new String[] {"a", "ok-1"},
                        new String[] {"a", "bad-2"},
                        new String[] {"a", "ok-3"}));
        Path home = Files.createTempDirectory("lamina-cli-");
        try {
            AwsCli.Result created = new AwsCli(node.endpoint(), home)
                    .run(
                            "lambda",
                            "create-event-source-mapping",
                            "--function-name",
                            fn,
                            "--event-source-arn",
                            arn,
                            "--starting-position",
                            "TRIM_HORIZON",
                            "--batch-size",
                            "4",
                            "--bisect-batch-on-function-error",
                            "--maximum-retry-attempts",
                            "1",
                            "--destination-config",
                            "OnFailure={Destination=" + dlq + "}");
            assertEquals(0, created.exitCode(), created.stderr());
            JsonNode mapping = JSON.readTree(created.stdout());
            assertEquals(true, mapping.get("BisectBatchOnFunctionError").asBoolean());
            assertEquals(1, mapping.get("MaximumRetryAttempts").asInt());
            assertEquals(
                    dlq, mapping.at("/DestinationConfig/OnFailure/Destination").asText());
            assertEquals("TRIM_HORIZON", mapping.get("StartingPosition").asText());
        } finally {
            TestNode.deleteTree(home);
        }

        var message = AsyncLogs.await(
                () -> sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(1)).messages().stream()
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(30),
                "no failure record reached the OnFailure queue");
        JsonNode failure = JSON.readTree(message.body());
        List<JsonNode> got = records(fn);
        String badSequence = got.stream()
                .filter(r -> data(r).equals("bad-2"))
                .findFirst()
                .orElseThrow()
                .at("/kinesis/sequenceNumber")
                .asText();
        JsonNode info = failure.get("KinesisBatchInfo");
        assertEquals("shardId-000000000000", info.get("shardId").asText());
        assertEquals(badSequence, info.get("startSequenceNumber").asText());
        assertEquals(badSequence, info.get("endSequenceNumber").asText());
        assertEquals(1, info.get("batchSize").asInt(), "bisected down to the bad record");
        assertEquals(arn, info.get("streamArn").asText());
        assertEquals(
                "RetryAttemptsExhausted",
                failure.at("/requestContext/condition").asText());
        assertEquals(2, failure.at("/requestContext/approximateInvokeCount").asInt());
        assertEquals("Unhandled", failure.at("/responseContext/functionError").asText());
        assertEquals("1.0", failure.get("version").asText());

        // past the discarded record, the last one is delivered
        AsyncLogs.awaitTrue(
                () -> records(fn).stream().anyMatch(r -> data(r).equals("ok-3")),
                Duration.ofSeconds(15),
                "the record after the discarded one never came");
        List<String> sizes = new ArrayList<>();
        for (JsonNode event : AsyncLogs.batches(node, fn)) {
            List<String> batch = new ArrayList<>();
            event.get("Records").forEach(r -> batch.add(data(r)));
            sizes.add(String.join(",", batch));
        }
        assertEquals(
                List.of("ok-0,ok-1,bad-2,ok-3", "ok-0,ok-1", "bad-2,ok-3", "bad-2", "bad-2", "ok-3"),
                sizes,
                "the batch, its halves, the bad record twice (one retry), then the rest");
    }

    @Test
    void parallelBatchesKeepEachKeysOrderAndFiltersSeeJsonData() throws Exception {
        String fn = "kinesis-esm-parallel";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = stream(kinesis, "esm-parallel", 1);
        List<String[]> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(new String[] {"key-" + (i % 8), "{\"n\":" + i + ",\"keep\":" + (i % 4 != 0) + "}"});
        }
        sent.add(new String[] {"key-0", "not json"});
        put(kinesis, "esm-parallel", sent);
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .batchSize(2)
                .parallelizationFactor(4)
                .filterCriteria(f -> f.filters(Filter.builder()
                        .pattern("{\"data\": {\"keep\": [true]}}")
                        .build())));
        assertEquals(4, created.parallelizationFactor());

        List<JsonNode> got = AsyncLogs.await(
                () -> {
                    List<JsonNode> r = records(fn);
                    return r.size() >= 30 ? r : null;
                },
                Duration.ofSeconds(30),
                "the function never got the 30 matching records");
        Map<String, List<Integer>> byKey = new TreeMap<>();
        for (JsonNode r : got) {
            JsonNode data = JSON.readTree(data(r));
            assertTrue(data.get("keep").asBoolean(), "a record no filter matches is not delivered: " + data);
            byKey.computeIfAbsent(r.at("/kinesis/partitionKey").asText(), k -> new ArrayList<>())
                    .add(data.get("n").asInt());
        }
        assertEquals(30, got.size(), "each matching record once");
        for (var e : byKey.entrySet()) {
            List<Integer> sorted = new ArrayList<>(e.getValue());
            sorted.sort(null);
            assertEquals(sorted, e.getValue(), "a key's records in order: " + e.getKey());
        }
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void afterASplitTheParentIsReadBeforeItsChildren() throws Exception {
        String fn = "kinesis-esm-split";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = stream(kinesis, "esm-split", 1);
        List<String[]> before = new ArrayList<>();
        List<String[]> after = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(new String[] {"key-" + i, "before-" + i});
            after.add(new String[] {"key-" + i, "after-" + i});
        }
        put(kinesis, "esm-split", before);
        kinesis.splitShard(b -> b.streamName("esm-split")
                .shardToSplit("shardId-000000000000")
                .newStartingHashKey("170141183460469231731687303715884105728"));
        KinesisIT.waitActive(kinesis, "esm-split");
        put(kinesis, "esm-split", after);
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .batchSize(1));

        List<JsonNode> got = AsyncLogs.await(
                () -> {
                    List<JsonNode> r = records(fn);
                    return r.size() >= 10 ? r : null;
                },
                Duration.ofSeconds(30),
                "the function never got the 10 records");
        List<String> order = got.stream().map(KinesisEventSourceIT::data).toList();
        assertEquals(
                List.of("before-0", "before-1", "before-2", "before-3", "before-4"),
                order.subList(0, 5),
                "the parent's records first, in order: " + order);
        assertTrue(
                got.subList(5, 10).stream()
                        .allMatch(r -> !r.get("eventID").asText().startsWith("shardId-000000000000:")),
                "then the children's: " + order);
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void aTumblingWindowPassesStateAndEndsWithAFinalInvocation() throws Exception {
        String fn = "kinesis-esm-window";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python("""
                import json, time
                def handler(event, context):
                    print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                    return {"state": {"count": event["state"].get("count", 0) + len(event["Records"])}}
                """));
        String arn = stream(kinesis, "esm-window", 1);
        List<String[]> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(new String[] {"k", "w-" + i});
        }
        put(kinesis, "esm-window", sent); // one put: one arrival, one window
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .batchSize(2)
                .tumblingWindowInSeconds(2));
        assertEquals(2, created.tumblingWindowInSeconds());

        List<JsonNode> events = AsyncLogs.await(
                () -> {
                    List<JsonNode> out = AsyncLogs.batches(node, fn);
                    return out.stream()
                                    .anyMatch(
                                            e -> e.get("isFinalInvokeForWindow").asBoolean())
                            ? out
                            : null;
                },
                Duration.ofSeconds(20),
                "the window never closed");
        List<Integer> sizes = events.stream().map(e -> e.get("Records").size()).toList();
        assertEquals(List.of(2, 2, 1, 0), sizes, "batches within the window, then the final invocation");
        List<Integer> counts =
                events.stream().map(e -> e.at("/state/count").asInt(0)).toList();
        assertEquals(List.of(0, 2, 4, 5), counts, "each invocation gets the state the last one returned");
        JsonNode last = events.getLast();
        assertEquals("shardId-000000000000", last.get("shardId").asText());
        assertEquals(arn, last.get("eventSourceARN").asText());
        assertEquals(false, last.get("isWindowTerminatedEarly").asBoolean());
        java.time.Instant start = Instant.parse(last.at("/window/start").asText());
        assertEquals(start.plusSeconds(2), Instant.parse(last.at("/window/end").asText()));
        assertEquals(0, start.getEpochSecond() % 2, "windows are aligned to their length");
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void latestAndAtTimestampStartWhereTheySay() throws Exception {
        String fn = "kinesis-esm-start";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String latestArn = stream(kinesis, "esm-latest", 1);
        String stampArn = stream(kinesis, "esm-stamp", 1);
        put(kinesis, "esm-latest", List.<String[]>of(new String[] {"k", "latest-old"}));
        put(kinesis, "esm-stamp", List.<String[]>of(new String[] {"k", "stamp-old"}));
        String iterator = kinesis.getShardIterator(b -> b.streamName("esm-stamp")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        Instant oldArrival = kinesis.getRecords(b -> b.shardIterator(iterator))
                .records()
                .getFirst()
                .approximateArrivalTimestamp();
        Instant from = oldArrival.plusMillis(1);
        AsyncLogs.awaitTrue(() -> Instant.now().isAfter(from), Duration.ofSeconds(5), "the clock to pass");
        put(kinesis, "esm-stamp", List.<String[]>of(new String[] {"k", "stamp-new"}));

        lambda.createEventSourceMapping(
                r -> r.eventSourceArn(latestArn).functionName(fn).startingPosition(EventSourcePosition.LATEST));
        var stamped = lambda.createEventSourceMapping(r -> r.eventSourceArn(stampArn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.AT_TIMESTAMP)
                .startingPositionTimestamp(from));
        assertEquals(EventSourcePosition.AT_TIMESTAMP, stamped.startingPosition());
        assertEquals(from.toEpochMilli(), stamped.startingPositionTimestamp().toEpochMilli());
        put(kinesis, "esm-latest", List.<String[]>of(new String[] {"k", "latest-new"}));

        AsyncLogs.awaitTrue(
                () -> {
                    List<String> seen =
                            records(fn).stream().map(KinesisEventSourceIT::data).toList();
                    return seen.contains("latest-new") && seen.contains("stamp-new");
                },
                Duration.ofSeconds(20),
                "the new records never came");
        List<String> seen = records(fn).stream().map(KinesisEventSourceIT::data).toList();
        // each shard is read in order, so an old record would have come before its new one
        assertEquals(
                List.of("latest-new", "stamp-new"),
                seen.stream().sorted().toList(),
                "only records after the start: " + seen);
    }

    @Test
    void checkpointsSurviveASigkill() throws Exception {
        Path data = Files.createTempDirectory("lamina-kinesis-esm-kill-");
        NodeProcess first = null;
        NodeProcess second = null;
        try (Collector collector = new Collector()) {
            String[] args = {"--network", "host", "--port", "0", "--data-dir", data.toString()};
            first = NodeProcess.start(data.resolve("first.out"), args);
            List<String> sent = new ArrayList<>();
            try (LambdaClient lambda = first.lambda();
                    KinesisClient kinesis = KinesisIT.client(first.endpoint())) {
                Functions.create(
                        lambda,
                        Functions.request("kinesis-kill", "python3.11", "app.handler", Functions.python("""
                                        import base64, os, time, urllib.request
                                        def handler(event, context):
                                            time.sleep(0.1)
                                            for r in event["Records"]:
                                                url = "http://127.0.0.1:%s/done/%s" % (os.environ["COLLECTOR"],
                                                    base64.b64decode(r["kinesis"]["data"]).decode())
                                                urllib.request.urlopen(
                                                    urllib.request.Request(url, data=b""), timeout=10).read()
                                        """))
                                .environment(e -> e.variables(Map.of("COLLECTOR", "" + collector.port())))
                                .build());
                String arn = stream(kinesis, "kill", 1);
                List<String[]> records = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    sent.add(String.format("r-%02d", i));
                    records.add(new String[] {"k", sent.getLast()});
                }
                put(kinesis, "kill", records);
                lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                        .functionName("kinesis-kill")
                        .startingPosition(EventSourcePosition.TRIM_HORIZON)
                        .batchSize(1));
            }
            AsyncLogs.awaitTrue(() -> collector.names("done").size() >= 5, Duration.ofSeconds(30), "deliveries");
            first.kill();
            assertTrue(collector.names("done").size() < 30, "records were still on their way at the kill");

            second = NodeProcess.start(data.resolve("second.out"), args);
            try (KinesisClient kinesis = KinesisIT.client(second.endpoint())) {
                List<String[]> more = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    sent.add("after-" + i);
                    more.add(new String[] {"k", sent.getLast()});
                }
                put(kinesis, "kill", more);
            }
            collector.assertEachOnceInOrderAfterAKill("done", sent, second);
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            TestNode.deleteTree(data);
        }
    }
}
