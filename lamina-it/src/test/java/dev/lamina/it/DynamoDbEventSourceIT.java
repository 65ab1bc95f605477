package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.Filter;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB Streams event source mappings end to end: a real node, its tables written with the SDK for
 * Java v2, mappings made with the SDK and the CLI, and Python functions that print each batch they get
 * ({@code BATCH <event>}) and fail on an item whose {@code note} starts with {@code bad}.
 */
class DynamoDbEventSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            import json, time
            def handler(event, context):
                print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                for r in event["Records"]:
                    if r["dynamodb"].get("NewImage", {}).get("note", {}).get("S", "").startswith("bad"):
                        raise Exception("a bad record")
            """;

    static TestNode node;
    static LambdaClient lambda;
    static DynamoDbClient dynamo;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lambda = node.lambda();
        dynamo = DynamoDbIT.client(node.endpoint());
        sqs = SqsIT.client(node);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {sqs, dynamo, node}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every record the function received, in the order its batches were logged. */
    private static List<JsonNode> records(String function) {
        return AsyncLogs.batchRecords(node, function);
    }

    private static List<JsonNode> awaitRecords(String function, int count) throws InterruptedException {
        return AsyncLogs.await(
                () -> {
                    List<JsonNode> r = records(function);
                    return r.size() >= count ? r : null;
                },
                Duration.ofSeconds(30),
                "the function never got " + count + " records");
    }

    private static String note(JsonNode record) {
        JsonNode image = record.at("/dynamodb/NewImage");
        return (image.isMissingNode() ? record.at("/dynamodb/OldImage") : image)
                .at("/note/S")
                .asText();
    }

    @Test
    void insertModifyAndRemoveReachTheFunctionInOrderInLambdasShape() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        String fn = "ddb-esm-order";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = DynamoDbStreamsIT.createWithStream(dynamo, "esm-orders").latestStreamArn();

        var missing = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn).functionName(fn)));
        assertTrue(missing.getMessage().contains("Value null at 'startingPosition'"), missing.getMessage());
        var timestamp = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                        .functionName(fn)
                        .startingPosition(EventSourcePosition.AT_TIMESTAMP)
                        .startingPositionTimestamp(Instant.now())));
        assertTrue(
                timestamp.getMessage().contains("Unsupported starting position for arn type"), timestamp.getMessage());
        var unknown = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn.replace("esm-orders", "esm-none"))
                        .functionName(fn)
                        .startingPosition(EventSourcePosition.LATEST)));
        assertTrue(unknown.getMessage().contains("Stream not found"), unknown.getMessage());
        var batch = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                        .functionName(fn)
                        .startingPosition(EventSourcePosition.LATEST)
                        .batchSize(10_001)));
        assertTrue(batch.getMessage().contains("'batchSize'"), batch.getMessage());
        assertEquals(
                0,
                lambda.listEventSourceMappings(r -> r.functionName(fn))
                        .eventSourceMappings()
                        .size(),
                "a refused mapping leaves nothing behind");

        dynamo.putItem(r -> r.tableName("esm-orders").item(DynamoDbStreamsIT.item("c", "0", "before")));
        Path home = Files.createTempDirectory("lamina-cli-");
        JsonNode mapping;
        try {
            AwsCli cli = new AwsCli(node.endpoint(), home);
            AwsCli.Result refused = cli.run(
                    "lambda",
                    "create-event-source-mapping",
                    "--function-name",
                    fn,
                    "--event-source-arn",
                    arn,
                    "--starting-position",
                    "AT_TIMESTAMP",
                    "--starting-position-timestamp",
                    "2026-01-01T00:00:00Z");
            assertEquals(254, refused.exitCode(), refused.stderr());
            assertTrue(refused.stderr().contains("InvalidParameterValueException"), refused.stderr());
            mapping = CliIT.ok(cli.run(
                    "lambda",
                    "create-event-source-mapping",
                    "--function-name",
                    fn,
                    "--event-source-arn",
                    arn,
                    "--starting-position",
                    "LATEST"));
        } finally {
            TestNode.deleteTree(home);
        }
        assertEquals(arn, mapping.get("EventSourceArn").asText());
        assertEquals("LATEST", mapping.get("StartingPosition").asText());
        assertEquals(100, mapping.get("BatchSize").asInt(), "DynamoDB's default batch size");
        assertEquals(-1, mapping.get("MaximumRetryAttempts").asInt());
        assertEquals("Creating", mapping.get("State").asText());

        dynamo.putItem(r -> r.tableName("esm-orders").item(DynamoDbStreamsIT.item("c", "1", "first")));
        dynamo.updateItem(r -> r.tableName("esm-orders")
                .key(Map.of("customer", DynamoDbIT.s("c"), "n", DynamoDbIT.n("1")))
                .updateExpression("SET note = :v")
                .expressionAttributeValues(Map.of(":v", DynamoDbIT.s("second"))));
        dynamo.putItem(r -> r.tableName("esm-orders").item(DynamoDbStreamsIT.item("d", "2", "other")));
        dynamo.deleteItem(
                r -> r.tableName("esm-orders").key(Map.of("customer", DynamoDbIT.s("c"), "n", DynamoDbIT.n("1"))));

        List<JsonNode> got = awaitRecords(fn, 4);
        assertEquals(4, got.size(), "each change once, none from before LATEST: " + got);
        assertEquals(
                List.of("INSERT", "MODIFY", "INSERT", "REMOVE"),
                got.stream().map(r -> r.get("eventName").asText()).toList());
        assertEquals(
                List.of("first", "second", "other", "second"),
                got.stream().map(DynamoDbEventSourceIT::note).toList());
        String previous = "";
        for (JsonNode r : got) {
            String sequence = r.at("/dynamodb/SequenceNumber").asText();
            assertTrue(previous.compareTo(sequence) < 0, "in the stream's order: " + got);
            previous = sequence;
            assertFalse(r.get("eventID").asText().isEmpty());
            assertEquals("1.1", r.get("eventVersion").asText());
            assertEquals("aws:dynamodb", r.get("eventSource").asText());
            assertEquals("us-east-1", r.get("awsRegion").asText());
            assertEquals(arn, r.get("eventSourceARN").asText());
            assertTrue(r.at("/dynamodb/ApproximateCreationDateTime").isNumber(), r.toString());
            assertTrue(r.at("/dynamodb/SizeBytes").asInt() > 0, r.toString());
            assertEquals("NEW_AND_OLD_IMAGES", r.at("/dynamodb/StreamViewType").asText());
            assertEquals(2, r.at("/dynamodb/Keys").size(), r.toString());
            assertFalse(r.has("userIdentity"), "a caller's change names no service: " + r);
        }
        JsonNode modify = got.get(1);
        assertEquals("first", modify.at("/dynamodb/OldImage/note/S").asText());
        assertEquals("1", modify.at("/dynamodb/Keys/n/N").asText());
        assertTrue(got.get(0).at("/dynamodb/OldImage").isMissingNode(), "an INSERT has no old image");
        assertTrue(got.get(3).at("/dynamodb/NewImage").isMissingNode(), "a REMOVE has no new image");

        String uuid = mapping.get("UUID").asText();
        AsyncLogs.awaitTrue(
                () -> "OK"
                        .equals(lambda.getEventSourceMapping(r -> r.uuid(uuid)).lastProcessingResult()),
                Duration.ofSeconds(10),
                "the mapping reports its batches");
        assertEquals(
                "Deleting", lambda.deleteEventSourceMapping(r -> r.uuid(uuid)).state());
    }

    @Test
    void aFailingBatchIsRetriedThenItsRecordGoesToTheOnFailureQueue() throws Exception {
        String fn = "ddb-esm-failure";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = DynamoDbStreamsIT.createWithStream(dynamo, "esm-failures").latestStreamArn();
        String dlqUrl = sqs.createQueue(r -> r.queueName("esm-ddb-failures")).queueUrl();
        String dlq = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        for (String[] item :
                List.of(new String[] {"0", "ok-0"}, new String[] {"1", "bad-1"}, new String[] {"2", "ok-2"})) {
            dynamo.putItem(r -> r.tableName("esm-failures").item(DynamoDbStreamsIT.item("c", item[0], item[1])));
        }
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .batchSize(10)
                .maximumRetryAttempts(1)
                .destinationConfig(d -> d.onFailure(f -> f.destination(dlq))));
        assertEquals(1, created.maximumRetryAttempts());
        assertEquals(dlq, created.destinationConfig().onFailure().destination());

        var message = AsyncLogs.await(
                () -> sqs.receiveMessage(r -> r.queueUrl(dlqUrl).waitTimeSeconds(1)).messages().stream()
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(30),
                "no failure record reached the OnFailure queue");
        JsonNode failure = JSON.readTree(message.body());
        List<JsonNode> got = records(fn);
        JsonNode info = failure.get("DDBStreamBatchInfo");
        assertEquals(
                got.getFirst().at("/dynamodb/SequenceNumber").asText(),
                info.get("startSequenceNumber").asText());
        assertEquals(
                got.get(2).at("/dynamodb/SequenceNumber").asText(),
                info.get("endSequenceNumber").asText());
        assertEquals(3, info.get("batchSize").asInt(), "the whole batch, not bisected");
        assertEquals(arn, info.get("streamArn").asText());
        assertTrue(info.get("shardId").asText().startsWith("shardId-"), info.toString());
        assertEquals(
                "RetryAttemptsExhausted",
                failure.at("/requestContext/condition").asText());
        assertEquals(2, failure.at("/requestContext/approximateInvokeCount").asInt(), "the call and one retry");
        assertEquals("Unhandled", failure.at("/responseContext/functionError").asText());

        dynamo.putItem(r -> r.tableName("esm-failures").item(DynamoDbStreamsIT.item("c", "3", "ok-3")));
        AsyncLogs.awaitTrue(
                () -> records(fn).stream().anyMatch(r -> note(r).equals("ok-3")),
                Duration.ofSeconds(15),
                "the change after the discarded batch never came");
        List<String> batches = new ArrayList<>();
        for (JsonNode event : AsyncLogs.batches(node, fn)) {
            List<String> notes = new ArrayList<>();
            event.get("Records").forEach(r -> notes.add(note(r)));
            batches.add(String.join(",", notes));
        }
        assertEquals(
                List.of("ok-0,bad-1,ok-2", "ok-0,bad-1,ok-2", "ok-3"),
                batches,
                "the batch, its one retry, then the next change");
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void reportedItemFailuresRetryFromTheFirstFailedRecordOfAnEmptyStreamReadFromLatest() throws Exception {
        String fn = "ddb-esm-items";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python("""
                import json, time
                def handler(event, context):
                    print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                    return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]}
                        for r in event["Records"] if r["dynamodb"]["NewImage"]["note"]["S"].startswith("bad")]}
                """));
        String arn = DynamoDbStreamsIT.createWithStream(dynamo, "esm-items").latestStreamArn();
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.LATEST) // the stream has no record yet
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .maximumBatchingWindowInSeconds(2)
                .maximumRetryAttempts(1));
        assertEquals(List.of(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES), created.functionResponseTypes());
        for (String[] item :
                List.of(new String[] {"0", "ok-0"}, new String[] {"1", "bad-1"}, new String[] {"2", "ok-2"})) {
            dynamo.putItem(r -> r.tableName("esm-items").item(DynamoDbStreamsIT.item("c", item[0], item[1])));
        }
        AsyncLogs.awaitTrue(
                () -> records(fn).stream().filter(r -> note(r).equals("bad-1")).count() == 2,
                Duration.ofSeconds(30),
                "the failed record was not tried twice");
        dynamo.putItem(r -> r.tableName("esm-items").item(DynamoDbStreamsIT.item("c", "3", "ok-3")));
        AsyncLogs.awaitTrue(
                () -> records(fn).stream().anyMatch(r -> note(r).equals("ok-3")),
                Duration.ofSeconds(30),
                "the change after the given-up records never came");
        assertEquals(
                List.of("ok-0", "bad-1", "ok-2", "bad-1", "ok-2", "ok-3"),
                records(fn).stream().map(DynamoDbEventSourceIT::note).toList(),
                "the batch, again from its first reported failure (one retry), then the next change");
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void anItemTimeToLiveRemovesReachesTheFunctionAsARemoveByTheService() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        String fn = "ddb-esm-ttl";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        String arn = DynamoDbStreamsIT.createWithStream(dynamo, "esm-sessions").latestStreamArn();
        var spec = dynamo.updateTimeToLive(r -> r.tableName("esm-sessions")
                        .timeToLiveSpecification(s -> s.enabled(true).attributeName("expires")))
                .timeToLiveSpecification();
        assertEquals("expires", spec.attributeName());
        assertEquals(
                TimeToLiveStatus.ENABLED,
                dynamo.describeTimeToLive(r -> r.tableName("esm-sessions"))
                        .timeToLiveDescription()
                        .timeToLiveStatus());
        Path home = Files.createTempDirectory("lamina-cli-");
        try {
            AwsCli cli = new AwsCli(node.endpoint(), home);
            AwsCli.Result twice = cli.run(
                    "dynamodb",
                    "update-time-to-live",
                    "--table-name",
                    "esm-sessions",
                    "--time-to-live-specification",
                    "Enabled=true,AttributeName=expires");
            assertEquals(254, twice.exitCode(), twice.stderr());
            assertTrue(twice.stderr().contains("TimeToLive is already enabled"), twice.stderr());
            JsonNode described = CliIT.ok(cli.run("dynamodb", "describe-time-to-live", "--table-name", "esm-sessions"));
            assertEquals(
                    "expires",
                    described.at("/TimeToLiveDescription/AttributeName").asText());
        } finally {
            TestNode.deleteTree(home);
        }

        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                .functionName(fn)
                .startingPosition(EventSourcePosition.TRIM_HORIZON)
                .filterCriteria(f -> f.filters(Filter.builder()
                        .pattern("{\"userIdentity\": {\"type\": [\"Service\"]}}")
                        .build())));
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> expiring = new java.util.HashMap<>(DynamoDbStreamsIT.item("s", "1", "expiring"));
        expiring.put("expires", DynamoDbIT.n(Long.toString(now + 1)));
        Map<String, AttributeValue> lasting = new java.util.HashMap<>(DynamoDbStreamsIT.item("s", "2", "lasting"));
        lasting.put("expires", DynamoDbIT.n(Long.toString(now + 3600)));
        dynamo.putItem(r -> r.tableName("esm-sessions").item(expiring));
        dynamo.putItem(r -> r.tableName("esm-sessions").item(lasting));

        JsonNode removed = awaitRecords(fn, 1).getFirst();
        assertEquals("REMOVE", removed.get("eventName").asText());
        assertEquals("Service", removed.at("/userIdentity/type").asText(), removed.toString());
        assertEquals(
                "dynamodb.amazonaws.com",
                removed.at("/userIdentity/principalId").asText(),
                removed.toString());
        assertEquals("expiring", removed.at("/dynamodb/OldImage/note/S").asText());
        assertEquals(arn, removed.get("eventSourceARN").asText());
        assertFalse(dynamo.getItem(r -> r.tableName("esm-sessions")
                        .key(Map.of("customer", DynamoDbIT.s("s"), "n", DynamoDbIT.n("1")))
                        .consistentRead(true))
                .hasItem());
        assertTrue(dynamo.getItem(r -> r.tableName("esm-sessions")
                        .key(Map.of("customer", DynamoDbIT.s("s"), "n", DynamoDbIT.n("2")))
                        .consistentRead(true))
                .hasItem());
        assertEquals(1, records(fn).size(), "the filter passed only the service's removal: " + records(fn));
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    private static void put(DynamoDbClient dynamo, int n, String note) {
        dynamo.putItem(r -> r.tableName("kill").item(DynamoDbStreamsIT.item("k", Integer.toString(n), note)));
    }

    @Test
    void checkpointsSurviveASigkill() throws Exception {
        Path data = Files.createTempDirectory("lamina-ddb-esm-kill-");
        NodeProcess first = null;
        NodeProcess second = null;
        try (Collector collector = new Collector()) {
            String[] args = {"--network", "host", "--port", "0", "--data-dir", data.toString()};
            first = NodeProcess.start(data.resolve("first.out"), args);
            List<String> sent = new ArrayList<>();
            try (LambdaClient lambda = first.lambda();
                    DynamoDbClient dynamo = DynamoDbIT.client(first.endpoint().toString())) {
                Functions.create(
                        lambda,
                        Functions.request("ddb-kill", "python3.11", "app.handler", Functions.python("""
                                        import os, time, urllib.request
                                        def handler(event, context):
                                            time.sleep(0.1)
                                            for r in event["Records"]:
                                                url = "http://127.0.0.1:%s/done/%s" % (os.environ["COLLECTOR"],
                                                    r["dynamodb"]["NewImage"]["note"]["S"])
                                                urllib.request.urlopen(
                                                    urllib.request.Request(url, data=b""), timeout=10).read()
                                        """))
                                .environment(e -> e.variables(Map.of("COLLECTOR", "" + collector.port())))
                                .build());
                String arn = DynamoDbStreamsIT.createWithStream(dynamo, "kill").latestStreamArn();
                for (int i = 0; i < 30; i++) {
                    sent.add(String.format("r-%02d", i));
                    put(dynamo, i, sent.getLast());
                }
                lambda.createEventSourceMapping(r -> r.eventSourceArn(arn)
                        .functionName("ddb-kill")
                        .startingPosition(EventSourcePosition.TRIM_HORIZON)
                        .batchSize(1));
            }
            AsyncLogs.awaitTrue(() -> collector.names("done").size() >= 5, Duration.ofSeconds(30), "deliveries");
            first.kill();
            assertTrue(collector.names("done").size() < 30, "records were still on their way at the kill");

            second = NodeProcess.start(data.resolve("second.out"), args);
            try (DynamoDbClient dynamo = DynamoDbIT.client(second.endpoint().toString())) {
                for (int i = 0; i < 3; i++) {
                    sent.add("after-" + i);
                    put(dynamo, 100 + i, sent.getLast());
                }
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
