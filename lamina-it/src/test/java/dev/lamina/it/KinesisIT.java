package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * Kinesis Data Streams through the AWS SDK for Java v2's KinesisClient as it comes (it speaks CBOR:
 * blobs as byte strings, timestamps as tagged milliseconds), against a real node.
 */
class KinesisIT {
    static TestNode node;
    static KinesisClient kinesis;

    private NodeProcess process;
    private Path data;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        kinesis = client(URI.create(node.endpoint()));
    }

    @AfterAll
    static void stop() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.close();
        }
        if (data != null) {
            TestNode.deleteTree(data);
        }
    }

    static KinesisClient client(URI endpoint) {
        return TestNode.client(KinesisClient.builder(), endpoint);
    }

    private static void createAndWait(KinesisClient kinesis, String name, int shards) {
        kinesis.createStream(b -> b.streamName(name).shardCount(shards));
        waitActive(kinesis, name);
    }

    /**
     * The SDK's waiter, polling every 100 ms instead of its 10 s: a stream is CREATING for half a
     * second, and the default would sleep 10 s after its first look.
     */
    static void waitActive(KinesisClient kinesis, String name) {
        kinesis.waiter()
                .waitUntilStreamExists(
                        b -> b.streamName(name),
                        w -> w.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))));
    }

    private static List<String> readShard(KinesisClient kinesis, String stream, String shardId) {
        String iterator = kinesis.getShardIterator(
                        b -> b.streamName(stream).shardId(shardId).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String it = iterator;
            GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it).limit(3));
            // Latin-1 maps every byte to one char: records that are not UTF-8 compare too
            got.records().forEach(r -> out.add(new String(r.data().asByteArray(), StandardCharsets.ISO_8859_1)));
            if (got.records().isEmpty()) {
                return out;
            }
            iterator = got.nextShardIterator();
        }
        return out;
    }

    @Test
    void aStreamIsCreatingThenActiveWithItsShardsOverTheHashSpace() {
        kinesis.createStream(b -> b.streamName("orders").shardCount(4));
        StreamStatus first = kinesis.describeStream(b -> b.streamName("orders"))
                .streamDescription()
                .streamStatus();
        assertTrue(first == StreamStatus.CREATING || first == StreamStatus.ACTIVE, first.toString());
        waitActive(kinesis, "orders");

        StreamDescription d =
                kinesis.describeStream(b -> b.streamName("orders")).streamDescription();
        assertEquals(StreamStatus.ACTIVE, d.streamStatus());
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/orders", d.streamARN());
        assertEquals(24, d.retentionPeriodHours());
        assertFalse(d.hasMoreShards());
        Instant created = d.streamCreationTimestamp();
        assertTrue(Duration.between(created, Instant.now()).abs().toMinutes() < 5, created.toString());
        List<Shard> shards = d.shards();
        assertEquals(
                List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"),
                shards.stream().map(Shard::shardId).toList());
        assertEquals("0", shards.getFirst().hashKeyRange().startingHashKey());
        assertEquals(
                "85070591730234615865843651857942052863",
                shards.getFirst().hashKeyRange().endingHashKey());
        assertEquals(
                BigInteger.TWO.pow(128).subtract(BigInteger.ONE).toString(),
                shards.getLast().hashKeyRange().endingHashKey());
        assertEquals(
                56,
                shards.getFirst().sequenceNumberRange().startingSequenceNumber().length());
        assertNull(shards.getFirst().sequenceNumberRange().endingSequenceNumber());

        var summary = kinesis.describeStreamSummary(b -> b.streamName("orders")).streamDescriptionSummary();
        assertEquals(4, summary.openShardCount());
        assertEquals(StreamMode.PROVISIONED, summary.streamModeDetails().streamMode());
        assertEquals(4, kinesis.listShards(b -> b.streamName("orders")).shards().size());
        var page = kinesis.listShards(b -> b.streamName("orders").maxResults(3));
        assertEquals(3, page.shards().size());
        var rest = kinesis.listShards(b -> b.nextToken(page.nextToken()));
        assertEquals(
                List.of("shardId-000000000003"),
                rest.shards().stream().map(Shard::shardId).toList());
        assertNull(rest.nextToken());

        var listed = kinesis.listStreams();
        assertTrue(listed.streamNames().contains("orders"), listed.toString());
        assertTrue(listed.streamSummaries().stream()
                .anyMatch(s -> s.streamName().equals("orders") && s.streamStatus() == StreamStatus.ACTIVE));

        kinesis.createStream(b -> b.streamName("on-demand").streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        waitActive(kinesis, "on-demand");
        assertEquals(
                4,
                kinesis.describeStream(b -> b.streamName("on-demand"))
                        .streamDescription()
                        .shards()
                        .size());
        kinesis.deleteStream(b -> b.streamName("on-demand"));
        assertThrows(ResourceNotFoundException.class, () -> kinesis.describeStream(b -> b.streamName("on-demand")));
    }

    @Test
    void recordsComeBackInOrderPerShardWithTheirDataKeyAndArrival() {
        createAndWait(kinesis, "events", 2);
        Instant before = Instant.now().minusSeconds(2);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String key = "key-" + (i % 5);
            String body = key + "#" + i;
            entries.add(PutRecordsRequestEntry.builder()
                    .partitionKey(key)
                    .data(SdkBytes.fromUtf8String(body))
                    .build());
        }
        var put = kinesis.putRecords(b -> b.streamName("events").records(entries));
        assertEquals(0, put.failedRecordCount());
        for (int i = 0; i < entries.size(); i++) {
            PutRecordsResultEntry placed = put.records().get(i);
            expected.computeIfAbsent(placed.shardId(), s -> new ArrayList<>())
                    .add(entries.get(i).data().asUtf8String());
        }
        var one = kinesis.putRecord(b -> b.streamName("events")
                .partitionKey("any")
                .explicitHashKey("0")
                .data(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xFF, 10, 13}))
                .sequenceNumberForOrdering(put.records().getFirst().sequenceNumber()));
        assertEquals("shardId-000000000000", one.shardId());
        assertEquals(56, one.sequenceNumber().length());

        for (String shardId : expected.keySet()) {
            List<String> got = readShard(kinesis, "events", shardId);
            List<String> want = new ArrayList<>(expected.get(shardId));
            if (shardId.equals("shardId-000000000000")) {
                want.add(new String(new byte[] {0, (byte) 0xFF, 10, 13}, StandardCharsets.ISO_8859_1));
            }
            assertEquals(want, got, shardId);
        }

        String it = kinesis.getShardIterator(b -> b.streamName("events")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(one.sequenceNumber()))
                .shardIterator();
        GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it));
        Record record = got.records().getFirst();
        assertEquals(1, got.records().size());
        assertEquals(one.sequenceNumber(), record.sequenceNumber());
        assertEquals("any", record.partitionKey());
        assertEquals(
                List.of((byte) 0, (byte) 0xFF, (byte) 10, (byte) 13),
                toList(record.data().asByteArray()));
        Instant arrival = record.approximateArrivalTimestamp();
        assertTrue(arrival.isAfter(before) && arrival.isBefore(Instant.now().plusSeconds(2)), arrival.toString());
        assertEquals(0L, got.millisBehindLatest());
        assertTrue(got.nextShardIterator() != null && !got.nextShardIterator().isEmpty());

        // AT_TIMESTAMP travels as a tagged CBOR timestamp: from just after the last record, nothing
        String later = kinesis.getShardIterator(b -> b.streamName("events")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                        .timestamp(arrival.plusMillis(1)))
                .shardIterator();
        assertTrue(kinesis.getRecords(b -> b.shardIterator(later)).records().isEmpty());
        String from = kinesis.getShardIterator(b -> b.streamName("events")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                        .timestamp(before))
                .shardIterator();
        assertEquals(
                expected.get("shardId-000000000000").getFirst(),
                kinesis.getRecords(b -> b.shardIterator(from).limit(1))
                        .records()
                        .getFirst()
                        .data()
                        .asUtf8String());
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> out = new ArrayList<>();
        for (byte b : bytes) {
            out.add(b);
        }
        return out;
    }

    @Test
    void malformedRequestsGetKinesisErrorsAndChangeNothing() {
        createAndWait(kinesis, "strict", 1);
        kinesis.putRecord(b -> b.streamName("strict").partitionKey("k").data(SdkBytes.fromUtf8String("kept")));

        ResourceNotFoundException missing =
                assertThrows(ResourceNotFoundException.class, () -> kinesis.describeStream(b -> b.streamName("nope")));
        assertEquals(
                "Stream nope under account 000000000000 not found.",
                missing.awsErrorDetails().errorMessage());
        assertEquals(400, missing.statusCode());
        ResourceInUseException exists = assertThrows(
                ResourceInUseException.class,
                () -> kinesis.createStream(b -> b.streamName("strict").shardCount(3)));
        assertEquals(
                "Stream strict under account 000000000000 already exists.",
                exists.awsErrorDetails().errorMessage());
        assertEquals(
                1,
                kinesis.describeStream(b -> b.streamName("strict"))
                        .streamDescription()
                        .shards()
                        .size());

        KinesisException zero = assertThrows(
                KinesisException.class,
                () -> kinesis.createStream(b -> b.streamName("zero").shardCount(0)));
        assertEquals("ValidationException", zero.awsErrorDetails().errorCode());
        KinesisException badName = assertThrows(
                KinesisException.class,
                () -> kinesis.createStream(b -> b.streamName("bad name").shardCount(1)));
        assertEquals("ValidationException", badName.awsErrorDetails().errorCode());
        assertThrows(ResourceNotFoundException.class, () -> kinesis.describeStream(b -> b.streamName("zero")));

        // one bad entry refuses the whole batch: nothing of it is stored
        KinesisException badKey = assertThrows(
                KinesisException.class,
                () -> kinesis.putRecords(b -> b.streamName("strict")
                        .records(
                                PutRecordsRequestEntry.builder()
                                        .partitionKey("k")
                                        .data(SdkBytes.fromUtf8String("lost"))
                                        .build(),
                                PutRecordsRequestEntry.builder()
                                        .partitionKey("k".repeat(257))
                                        .data(SdkBytes.fromUtf8String("x"))
                                        .build())));
        assertEquals("ValidationException", badKey.awsErrorDetails().errorCode());
        assertTrue(
                badKey.awsErrorDetails().errorMessage().contains("records.2.member.partitionKey"),
                badKey.awsErrorDetails().errorMessage());
        InvalidArgumentException hashKey = assertThrows(
                InvalidArgumentException.class,
                () -> kinesis.putRecord(b -> b.streamName("strict")
                        .partitionKey("k")
                        .explicitHashKey(BigInteger.TWO.pow(128).toString())
                        .data(SdkBytes.fromUtf8String("lost"))));
        assertTrue(hashKey.awsErrorDetails().errorMessage().startsWith("Invalid ExplicitHashKey."));
        KinesisException tooBig = assertThrows(
                KinesisException.class,
                () -> kinesis.putRecord(b -> b.streamName("strict")
                        .partitionKey("k")
                        .data(SdkBytes.fromByteArray(new byte[1024 * 1024 + 1]))));
        assertEquals("ValidationException", tooBig.awsErrorDetails().errorCode());
        assertEquals(List.of("kept"), readShard(kinesis, "strict", "shardId-000000000000"));

        InvalidArgumentException badIterator =
                assertThrows(InvalidArgumentException.class, () -> kinesis.getRecords(b -> b.shardIterator("AAAA")));
        assertEquals("Invalid ShardIterator.", badIterator.awsErrorDetails().errorMessage());
        assertThrows(
                ResourceNotFoundException.class,
                () -> kinesis.getShardIterator(b -> b.streamName("strict")
                        .shardId("shardId-000000000007")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)));
        assertThrows(
                InvalidArgumentException.class,
                () -> kinesis.getShardIterator(b -> b.streamName("strict")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber("12345")));
        InvalidArgumentException shorter = assertThrows(
                InvalidArgumentException.class,
                () -> kinesis.decreaseStreamRetentionPeriod(
                        b -> b.streamName("strict").retentionPeriodHours(12)));
        assertTrue(shorter.awsErrorDetails().errorMessage().contains("24 hours"), shorter.getMessage());
        assertEquals(
                24,
                kinesis.describeStream(b -> b.streamName("strict"))
                        .streamDescription()
                        .retentionPeriodHours());
    }

    @Test
    void aSplitShardKeepsItsRecordsAndEndsWithItsChildren() {
        createAndWait(kinesis, "split", 1);
        String before = kinesis.putRecord(
                        b -> b.streamName("split").partitionKey("a").data(SdkBytes.fromUtf8String("before")))
                .sequenceNumber();
        String half = BigInteger.ONE.shiftLeft(127).toString();
        kinesis.splitShard(
                b -> b.streamName("split").shardToSplit("shardId-000000000000").newStartingHashKey(half));
        StreamDescription d = kinesis.describeStream(b -> b.streamName("split")).streamDescription();
        assertEquals(StreamStatus.UPDATING, d.streamStatus());
        List<Shard> shards = d.shards();
        assertEquals(3, shards.size());
        assertEquals(before, shards.getFirst().sequenceNumberRange().endingSequenceNumber());
        assertEquals("shardId-000000000000", shards.get(1).parentShardId());
        assertEquals(half, shards.get(2).hashKeyRange().startingHashKey());
        assertEquals(
                "shardId-000000000001",
                kinesis.putRecord(b -> b.streamName("split").partitionKey("a").data(SdkBytes.fromUtf8String("after")))
                        .shardId());

        String it = kinesis.getShardIterator(b -> b.streamName("split")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        GetRecordsResponse last = kinesis.getRecords(b -> b.shardIterator(it));
        assertEquals(
                List.of("before"),
                last.records().stream().map(r -> r.data().asUtf8String()).toList());
        assertNull(last.nextShardIterator());
        assertEquals(
                List.of("shardId-000000000001", "shardId-000000000002"),
                last.childShards().stream().map(c -> c.shardId()).toList());
        assertEquals(List.of("after"), readShard(kinesis, "split", "shardId-000000000001"));
    }

    @Test
    void retentionAndTags() {
        createAndWait(kinesis, "kept", 1);
        kinesis.increaseStreamRetentionPeriod(b -> b.streamName("kept").retentionPeriodHours(72));
        assertEquals(
                72,
                kinesis.describeStream(b -> b.streamName("kept"))
                        .streamDescription()
                        .retentionPeriodHours());
        kinesis.decreaseStreamRetentionPeriod(b -> b.streamName("kept").retentionPeriodHours(48));
        assertEquals(
                48,
                kinesis.describeStream(b -> b.streamName("kept"))
                        .streamDescription()
                        .retentionPeriodHours());
        kinesis.addTagsToStream(b -> b.streamName("kept").tags(Map.of("team", "a", "env", "test")));
        kinesis.removeTagsFromStream(b -> b.streamName("kept").tagKeys("env"));
        var tags = kinesis.listTagsForStream(b -> b.streamName("kept"));
        assertEquals(
                List.of("team=a"),
                tags.tags().stream().map(t -> t.key() + "=" + t.value()).toList());
        assertFalse(tags.hasMoreTags());
    }

    @Test
    void theCliSpeaksJsonToTheSameStreams() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        AwsCli aws = new AwsCli(
                node.endpoint(), Files.createDirectories(node.dataDir().resolve("kinesis-cli")));
        CliIT.ok(aws.run("kinesis", "create-stream", "--stream-name", "cli", "--shard-count", "2"));
        CliIT.ok(aws.run("kinesis", "wait", "stream-exists", "--stream-name", "cli"));
        JsonNode described = CliIT.ok(aws.run("kinesis", "describe-stream", "--stream-name", "cli"))
                .get("StreamDescription");
        assertEquals("ACTIVE", described.get("StreamStatus").asText());
        assertEquals(2, described.get("Shards").size());

        String hello = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        JsonNode put = CliIT.ok(
                aws.run("kinesis", "put-record", "--stream-name", "cli", "--partition-key", "a", "--data", hello));
        String shardId = put.get("ShardId").asText();
        assertEquals("shardId-000000000000", shardId, "md5(a) is in the first half of the hash keys");
        JsonNode second = CliIT.ok(
                aws.run("kinesis", "put-record", "--stream-name", "cli", "--partition-key", "a", "--data", hello));
        assertTrue(new BigInteger(second.get("SequenceNumber").asText())
                        .compareTo(new BigInteger(put.get("SequenceNumber").asText()))
                > 0);
        String iterator = cliIterator(aws, shardId, "--shard-iterator-type", "TRIM_HORIZON");
        JsonNode got = CliIT.ok(aws.run("kinesis", "get-records", "--shard-iterator", iterator));
        assertEquals(2, got.get("Records").size());
        JsonNode record = got.get("Records").get(0);
        assertEquals(hello, record.get("Data").asText());
        assertEquals("a", record.get("PartitionKey").asText());
        assertEquals(
                put.get("SequenceNumber").asText(), record.get("SequenceNumber").asText());
        Instant arrival = OffsetDateTime.parse(
                        record.get("ApproximateArrivalTimestamp").asText())
                .toInstant();
        assertTrue(Duration.between(arrival, Instant.now()).abs().toMinutes() < 5, arrival.toString());
        assertTrue(got.hasNonNull("NextShardIterator"));

        String at = cliIterator(
                aws,
                shardId,
                "--shard-iterator-type",
                "AT_TIMESTAMP",
                "--timestamp",
                String.valueOf(arrival.minusSeconds(1).getEpochSecond()));
        assertEquals(
                2,
                CliIT.ok(aws.run("kinesis", "get-records", "--shard-iterator", at))
                        .get("Records")
                        .size());

        SqsCliIT.refused("ResourceNotFoundException", aws.run("kinesis", "describe-stream", "--stream-name", "absent"));
        SqsCliIT.refused(
                "InvalidArgumentException",
                aws.run(
                        "kinesis",
                        "put-record",
                        "--stream-name",
                        "cli",
                        "--partition-key",
                        "a",
                        "--explicit-hash-key",
                        BigInteger.TWO.pow(128).toString(),
                        "--data",
                        hello));
        SqsCliIT.refused(
                "InvalidArgumentException",
                aws.run("kinesis", "get-records", "--shard-iterator", "bm90IGFuIGl0ZXJhdG9y"));
        CliIT.ok(aws.run("kinesis", "delete-stream", "--stream-name", "cli"));
        SqsCliIT.refused("ResourceNotFoundException", aws.run("kinesis", "describe-stream", "--stream-name", "cli"));
    }

    private static String cliIterator(AwsCli aws, String shardId, String... position) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("kinesis", "get-shard-iterator", "--stream-name", "cli", "--shard-id", shardId));
        args.addAll(List.of(position));
        return CliIT.ok(aws.run(args.toArray(String[]::new)))
                .get("ShardIterator")
                .asText();
    }

    @Test
    void anAcknowledgedRecordOutlivesASigkill() throws Exception {
        data = Files.createTempDirectory("lamina-kinesis-killed-");
        process = NodeProcess.start(data.resolve("first.out"), "--port", "0", "--data-dir", data.toString());
        List<String> sent = new ArrayList<>();
        try (KinesisClient k = client(process.endpoint())) {
            createAndWait(k, "durable", 1);
            for (int i = 0; i < 5; i++) {
                String body = "r" + i;
                k.putRecord(b -> b.streamName("durable").partitionKey("k").data(SdkBytes.fromUtf8String(body)));
                sent.add(body);
            }
        }
        process.kill();
        process = NodeProcess.start(data.resolve("second.out"), "--port", "0", "--data-dir", data.toString());
        try (KinesisClient k = client(process.endpoint())) {
            assertEquals(sent, readShard(k, "durable", "shardId-000000000000"));
            k.putRecord(b -> b.streamName("durable").partitionKey("k").data(SdkBytes.fromUtf8String("after")));
            sent.add("after");
            assertEquals(sent, readShard(k, "durable", "shardId-000000000000"), "numbers go on increasing");
        }
    }
}
