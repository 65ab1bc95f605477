package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dynamodb.stream.StreamIterator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Streams on a real node: the SDK's DynamoDbClient writes, its DynamoDbStreamsClient and the
 * AWS CLI v2 read the table's stream; refused calls change nothing. That records survive a SIGKILL
 * is {@link DynamoDbKillIT}'s.
 */
class DynamoDbStreamsIT {
    static TestNode node;
    static DynamoDbClient dynamo;
    static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        dynamo = DynamoDbIT.client(node.endpoint());
        streams = streamsClient(node.endpoint());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {streams, dynamo, node}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static DynamoDbStreamsClient streamsClient(String endpoint) {
        return TestNode.client(DynamoDbStreamsClient.builder(), URI.create(endpoint));
    }

    /** A table keyed by (customer S, n N) with a NEW_AND_OLD_IMAGES stream; answers its description. */
    static TableDescription createWithStream(DynamoDbClient dynamo, String name) {
        return dynamo.createTable(r -> r.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                DynamoDbIT.attribute("customer", ScalarAttributeType.S),
                                DynamoDbIT.attribute("n", ScalarAttributeType.N))
                        .keySchema(DynamoDbIT.key("customer", KeyType.HASH), DynamoDbIT.key("n", KeyType.RANGE))
                        .streamSpecification(
                                s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription();
    }

    static Map<String, AttributeValue> item(String customer, String n, String note) {
        return Map.of("customer", DynamoDbIT.s(customer), "n", DynamoDbIT.n(n), "note", DynamoDbIT.s(note));
    }

    /** Every record of the stream's first shard, from its trim horizon. */
    static List<Record> all(DynamoDbStreamsClient streams, String arn) {
        String shard = streams.describeStream(r -> r.streamArn(arn))
                .streamDescription()
                .shards()
                .getFirst()
                .shardId();
        String iterator = streams.getShardIterator(
                        r -> r.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator)).records();
    }

    @Test
    void eachChangeOfTheTableIsARecordInOrderWithItsImages() {
        TableDescription created = createWithStream(dynamo, "ledger");
        String arn = created.latestStreamArn();
        assertTrue(arn.startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/ledger/stream/"), arn);
        assertEquals(
                StreamViewType.NEW_AND_OLD_IMAGES, created.streamSpecification().streamViewType());
        assertEquals(arn.substring(arn.lastIndexOf('/') + 1), created.latestStreamLabel());

        dynamo.putItem(r -> r.tableName("ledger").item(item("ann", "1", "first")));
        dynamo.putItem(r -> r.tableName("ledger").item(item("ann", "1", "first"))); // changes nothing
        dynamo.updateItem(r -> r.tableName("ledger")
                .key(Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("1")))
                .updateExpression("SET note = :v")
                .expressionAttributeValues(Map.of(":v", DynamoDbIT.s("second"))));
        dynamo.deleteItem(
                r -> r.tableName("ledger").key(Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("1"))));

        assertEquals(
                List.of(arn),
                streams.listStreams(r -> r.tableName("ledger")).streams().stream()
                        .map(s -> s.streamArn())
                        .toList());
        StreamDescription d = streams.describeStream(r -> r.streamArn(arn)).streamDescription();
        assertEquals(StreamStatus.ENABLED, d.streamStatus());
        assertEquals("ledger", d.tableName());
        assertEquals(2, d.keySchema().size());
        assertEquals(1, d.shards().size());
        assertTrue(d.shards().getFirst().shardId().startsWith("shardId-"));

        List<Record> records = all(streams, arn);
        assertEquals(
                List.of(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE),
                records.stream().map(Record::eventName).toList());
        Record insert = records.get(0);
        assertEquals("aws:dynamodb", insert.eventSource());
        assertEquals("1.1", insert.eventVersion());
        assertEquals("us-east-1", insert.awsRegion());
        assertEquals("first", insert.dynamodb().newImage().get("note").s());
        assertFalse(insert.dynamodb().hasOldImage());
        assertEquals(
                Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("1")),
                insert.dynamodb().keys());
        Instant at = insert.dynamodb().approximateCreationDateTime();
        assertTrue(Duration.between(at, Instant.now()).abs().toMinutes() < 5, at.toString());
        Record modify = records.get(1);
        assertEquals("first", modify.dynamodb().oldImage().get("note").s());
        assertEquals("second", modify.dynamodb().newImage().get("note").s());
        Record remove = records.get(2);
        assertEquals("second", remove.dynamodb().oldImage().get("note").s());
        assertFalse(remove.dynamodb().hasNewImage());
        assertTrue(new java.math.BigInteger(insert.dynamodb().sequenceNumber())
                        .compareTo(new java.math.BigInteger(modify.dynamodb().sequenceNumber()))
                < 0);

        // turned off, the stream stays readable as DISABLED; DescribeTable says so
        TableDescription off = dynamo.updateTable(
                        r -> r.tableName("ledger").streamSpecification(s -> s.streamEnabled(false)))
                .tableDescription();
        assertFalse(off.streamSpecification().streamEnabled());
        assertEquals(
                StreamStatus.DISABLED,
                streams.describeStream(r -> r.streamArn(arn))
                        .streamDescription()
                        .streamStatus());
        assertEquals(3, all(streams, arn).size());
    }

    @Test
    void refusedCallsGetTheServicesErrorsAndChangeNothing() {
        String arn = createWithStream(dynamo, "refusals").latestStreamArn();
        dynamo.putItem(r -> r.tableName("refusals").item(item("bob", "1", "kept")));
        String shard = streams.describeStream(r -> r.streamArn(arn))
                .streamDescription()
                .shards()
                .getFirst()
                .shardId();

        DynamoDbException unknown =
                assertThrows(DynamoDbException.class, () -> streams.describeStream(r -> r.streamArn(arn + "0")));
        assertEquals("ResourceNotFoundException", unknown.awsErrorDetails().errorCode());
        assertEquals(400, unknown.statusCode());
        DynamoDbException malformed = assertThrows(
                DynamoDbException.class, () -> streams.getRecords(r -> r.shardIterator("not-an-iterator")));
        assertEquals("ValidationException", malformed.awsErrorDetails().errorCode());
        String real = streams.getShardIterator(
                        r -> r.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
        StreamIterator decoded = StreamIterator.decode(real);
        String expired = new StreamIterator(
                        decoded.stream(),
                        decoded.shard(),
                        decoded.after(),
                        Instant.now().minus(Duration.ofMinutes(16)))
                .encode();
        DynamoDbException late =
                assertThrows(DynamoDbException.class, () -> streams.getRecords(r -> r.shardIterator(expired)));
        assertEquals("ExpiredIteratorException", late.awsErrorDetails().errorCode());
        DynamoDbException twice = assertThrows(
                DynamoDbException.class,
                () -> dynamo.updateTable(r -> r.tableName("refusals")
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY))));
        assertEquals("ValidationException", twice.awsErrorDetails().errorCode());

        assertEquals(
                1, streams.listStreams(r -> r.tableName("refusals")).streams().size());
        List<Record> records = all(streams, arn);
        assertEquals(1, records.size());
        assertEquals(
                StreamViewType.NEW_AND_OLD_IMAGES, records.getFirst().dynamodb().streamViewType());
    }

    @Test
    void theCliReadsTheStream() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        String arn = createWithStream(dynamo, "cli-ledger").latestStreamArn();
        dynamo.putItem(r -> r.tableName("cli-ledger").item(item("cy", "7", "via cli")));
        Path work = Files.createDirectories(node.dataDir().resolve("dynamodb-streams-cli"));
        AwsCli aws = new AwsCli(node.endpoint(), work);

        JsonNode listed = CliIT.ok(aws.run("dynamodbstreams", "list-streams", "--table-name", "cli-ledger"));
        assertEquals(arn, listed.at("/Streams/0/StreamArn").asText());
        JsonNode described = CliIT.ok(aws.run("dynamodbstreams", "describe-stream", "--stream-arn", arn));
        String shard = described.at("/StreamDescription/Shards/0/ShardId").asText();
        assertEquals("ENABLED", described.at("/StreamDescription/StreamStatus").asText());
        JsonNode iterator = CliIT.ok(aws.run(
                "dynamodbstreams",
                "get-shard-iterator",
                "--stream-arn",
                arn,
                "--shard-id",
                shard,
                "--shard-iterator-type",
                "TRIM_HORIZON"));
        JsonNode records = CliIT.ok(aws.run(
                "dynamodbstreams",
                "get-records",
                "--shard-iterator",
                iterator.get("ShardIterator").asText()));
        assertEquals("INSERT", records.at("/Records/0/eventName").asText());
        assertEquals(
                "via cli", records.at("/Records/0/dynamodb/NewImage/note/S").asText());
        assertTrue(records.has("NextShardIterator"));

        AwsCli.Result missing = aws.run("dynamodbstreams", "describe-stream", "--stream-arn", arn + "0");
        DynamoDbCliIT.refused("ResourceNotFoundException", "not found", missing);
    }
}
