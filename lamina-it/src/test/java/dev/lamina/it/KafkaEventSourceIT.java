package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingRequest;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.SourceAccessConfiguration;

/**
 * Self-managed Apache Kafka event source mappings end to end: a real Kafka broker (its own process,
 * {@link KafkaBroker}), records produced with Kafka's client, mappings made with the SDK for Java v2
 * and read back with the CLI, and a Python function that prints each batch it gets ({@code BATCH
 * <event>}) and fails the first batch holding a record whose value is {@code fail-once}.
 */
class KafkaEventSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = """
            import base64, json, time
            failed = False
            def handler(event, context):
                global failed
                print("BATCH " + json.dumps(dict(event, at=time.time_ns())))
                values = [base64.b64decode(r["value"]) for rs in event["records"].values() for r in rs]
                if b"fail-once" in values and not failed:
                    failed = True
                    raise Exception("failing once")
            """;

    static KafkaBroker broker;
    static TestNode node;
    static LambdaClient lambda;
    static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        // the broker (a process of its own) and the node start side by side
        var starting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return KafkaBroker.start();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            node = TestNode.start();
        } finally {
            broker = starting.join();
        }
        lambda = node.lambda();
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (node != null) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void topic(String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    private static void produce(String topic, int partition, String key, String value) throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                topic,
                partition,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        record.headers().add(new RecordHeader("seq", value.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    private static CreateEventSourceMappingRequest.Builder mapping(String function, String topic) {
        return CreateEventSourceMappingRequest.builder()
                .functionName(function)
                .selfManagedEventSource(s ->
                        s.endpointsWithStrings(Map.of("KAFKA_BOOTSTRAP_SERVERS", List.of(broker.bootstrapServers()))))
                .topics(topic)
                .startingPosition(EventSourcePosition.TRIM_HORIZON);
    }

    private static void awaitEnabled(String uuid) throws InterruptedException {
        AsyncLogs.await(
                () -> lambda.getEventSourceMapping(r -> r.uuid(uuid)).state().equals("Enabled") ? true : null,
                Duration.ofSeconds(30),
                "mapping " + uuid + " never Enabled");
    }

    /** The values of every record {@code function} received, by partition key ({@code topic-n}), in order. */
    private static Map<String, List<String>> values(List<JsonNode> batches) {
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode batch : batches) {
            batch.get("records")
                    .properties()
                    .forEach(e -> e.getValue()
                            .forEach(r -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                    .add(new String(
                                            Base64.getDecoder()
                                                    .decode(r.get("value").asText()),
                                            StandardCharsets.UTF_8))));
        }
        return out;
    }

    private static List<JsonNode> awaitRecords(String function, int count) throws InterruptedException {
        return AsyncLogs.await(
                () -> {
                    List<JsonNode> batches = AsyncLogs.batches(node, function);
                    int got = values(batches).values().stream()
                            .mapToInt(List::size)
                            .sum();
                    return got >= count ? batches : null;
                },
                Duration.ofSeconds(30),
                function + " never got " + count + " records");
    }

    @Test
    void recordsReachTheFunctionByPartitionInOrderInLambdasEvent() throws Exception {
        String fn = "kafka-basic";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        topic("orders", 2);
        for (int i = 0; i < 6; i++) {
            produce("orders", i % 2, "k" + (i % 2), "v" + i);
        }
        produce("orders", 0, null, "no-key");

        var created = lambda.createEventSourceMapping(mapping(fn, "orders").build());
        assertEquals("Creating", created.state());
        assertNull(created.eventSourceArn());
        assertEquals(List.of("orders"), created.topics());
        assertEquals(100, created.batchSize());
        assertEquals("TRIM_HORIZON", created.startingPositionAsString());
        assertEquals(created.uuid(), created.selfManagedKafkaEventSourceConfig().consumerGroupId());
        assertEquals(
                List.of(broker.bootstrapServers()),
                created.selfManagedEventSource().endpointsAsStrings().get("KAFKA_BOOTSTRAP_SERVERS"));
        awaitEnabled(created.uuid());

        for (int i = 6; i < 10; i++) {
            produce("orders", i % 2, "k" + (i % 2), "v" + i);
        }
        List<JsonNode> batches = awaitRecords(fn, 11);
        Map<String, List<String>> values = values(batches);
        assertEquals(List.of("v0", "v2", "v4", "no-key", "v6", "v8"), values.get("orders-0"));
        assertEquals(List.of("v1", "v3", "v5", "v7", "v9"), values.get("orders-1"));

        JsonNode first = batches.get(0);
        assertEquals("SelfManagedKafka", first.get("eventSource").asText());
        assertEquals(broker.bootstrapServers(), first.get("bootstrapServers").asText());
        JsonNode record = first.at("/records/orders-1/0");
        assertEquals("orders", record.get("topic").asText());
        assertEquals(1, record.get("partition").asInt());
        assertEquals(0, record.get("offset").asLong());
        assertEquals("CREATE_TIME", record.get("timestampType").asText());
        assertTrue(record.get("timestamp").asLong() > 1_600_000_000_000L, record.toString());
        assertEquals("azE=", record.get("key").asText());
        assertEquals(JSON.readTree("[{\"seq\":[118,49]}]"), record.get("headers"));
        JsonNode keyless = first.at("/records/orders-0/3");
        assertEquals(
                "no-key",
                new String(Base64.getDecoder().decode(keyless.get("value").asText()), StandardCharsets.UTF_8));
        assertFalse(keyless.has("key"), keyless.toString());

        Path home = Files.createTempDirectory("lamina-cli-");
        try {
            AwsCli.Result got = new AwsCli(node.endpoint(), home)
                    .run("lambda", "get-event-source-mapping", "--uuid", created.uuid());
            assertEquals(0, got.exitCode(), got.stderr());
            JsonNode m = JSON.readTree(got.stdout());
            assertEquals("Enabled", m.get("State").asText());
            assertFalse(m.has("EventSourceArn"), got.stdout());
            assertEquals("orders", m.at("/Topics/0").asText());
            assertEquals(
                    broker.bootstrapServers(),
                    m.at("/SelfManagedEventSource/Endpoints/KAFKA_BOOTSTRAP_SERVERS/0")
                            .asText());
            assertEquals(
                    created.uuid(),
                    m.at("/SelfManagedKafkaEventSourceConfig/ConsumerGroupId").asText());
            assertEquals("OK", m.get("LastProcessingResult").asText());
        } finally {
            TestNode.deleteTree(home);
        }
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void aFailedBatchIsDeliveredAgainAndNoRecordIsLost() throws Exception {
        String fn = "kafka-retry";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        topic("retried", 1);
        produce("retried", 0, "k", "a");
        produce("retried", 0, "k", "fail-once");
        produce("retried", 0, "k", "b");

        var created = lambda.createEventSourceMapping(mapping(fn, "retried")
                .selfManagedKafkaEventSourceConfig(c -> c.consumerGroupId("retry-group"))
                .build());
        assertEquals("retry-group", created.selfManagedKafkaEventSourceConfig().consumerGroupId());
        awaitEnabled(created.uuid());
        List<JsonNode> batches = awaitRecords(fn, 6);
        List<String> values = values(batches).get("retried-0");
        assertEquals(List.of("a", "fail-once", "b", "a", "fail-once", "b"), values.subList(0, 6));

        produce("retried", 0, "k", "c");
        List<String> after = values(awaitRecords(fn, 7)).get("retried-0");
        assertEquals("c", after.get(6), "after the retried batch, only the new record: " + after);
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void aRestartedNodeResumesAfterTheGroupsCommittedOffsets() throws Exception {
        String fn = "kafka-resumed";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));
        topic("resumed", 1);
        produce("resumed", 0, "k", "r1");
        produce("resumed", 0, "k", "r2");
        var created = lambda.createEventSourceMapping(mapping(fn, "resumed").build());
        awaitRecords(fn, 2);
        AsyncLogs.await(
                () -> "OK"
                                .equals(lambda.getEventSourceMapping(r -> r.uuid(created.uuid()))
                                        .lastProcessingResult())
                        ? true
                        : null,
                Duration.ofSeconds(30),
                "the batch was never committed");

        node.restartNode();
        lambda = node.lambda();
        produce("resumed", 0, "k", "r3");
        List<JsonNode> batches = awaitRecords(fn, 3);
        assertEquals(List.of("r1", "r2", "r3"), values(batches).get("resumed-0"), "committed records not again");
        lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
    }

    @Test
    void badRequestsGetLambdasErrorsAndMakeNoMapping() throws Exception {
        String fn = "kafka-refused";
        Functions.create(lambda, fn, "python3.11", "app.handler", Functions.python(HANDLER));

        var twoTopics = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(
                        mapping(fn, "a1").topics("a1", "b1").build()));
        assertTrue(twoTopics.awsErrorDetails().errorMessage().contains("at 'topics'"), twoTopics.getMessage());

        var noEndpoints = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(mapping(fn, "a1")
                        .selfManagedEventSource(s -> s.endpointsWithStrings(Map.of()))
                        .build()));
        assertEquals("Unrecognized event source.", noEndpoints.awsErrorDetails().errorMessage());

        var position = assertThrows(
                LambdaException.class,
                () -> lambda.createEventSourceMapping(
                        mapping(fn, "a1").startingPosition("EARLIEST").build()));
        assertEquals("ValidationException", position.awsErrorDetails().errorCode());

        var sasl = assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(mapping(fn, "a1")
                        .sourceAccessConfigurations(SourceAccessConfiguration.builder()
                                .type("SASL_SCRAM_512_AUTH")
                                .uri("arn:aws:secretsmanager:us-east-1:000000000000:secret:k")
                                .build())
                        .build()));
        assertTrue(sasl.awsErrorDetails().errorMessage().contains("SASL_SCRAM_512_AUTH"), sasl.getMessage());

        assertEquals(
                0,
                lambda.listEventSourceMappings(r -> r.functionName(fn))
                        .eventSourceMappings()
                        .size());
    }
}
