package dev.lamina.dynamodb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.ItemTransactions;
import dev.lamina.dynamodb.Items;
import dev.lamina.dynamodb.Searches;
import dev.lamina.dynamodb.Stores;
import dev.lamina.dynamodb.Tables;
import dev.lamina.dynamodb.TimeToLives;
import dev.lamina.dynamodb.item.SqliteIndexStore;
import dev.lamina.dynamodb.item.SqliteItemStore;
import dev.lamina.dynamodb.stream.SqliteStreamStore;
import dev.lamina.dynamodb.stream.StreamLog;
import dev.lamina.dynamodb.stream.StreamReader;
import dev.lamina.dynamodb.stream.StreamSource;
import dev.lamina.dynamodb.table.SqliteTableStore;
import dev.lamina.dynamodb.ttl.SqliteTimeToLiveStore;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.storage.Database;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table streams through DynamoDB's and DynamoDB Streams' operations over their documents, on a real
 * SQLite file and a clock the test moves: no sockets, no sleeps.
 */
class DynamoDbStreamsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database db;
    private Instant now = Instant.parse("2026-01-01T00:00:00.250Z");
    private DynamoDbApi dynamodb;
    private DynamoDbStreamsApi streams;
    private StreamReader reader;
    private TimeToLives timeToLive;
    private StreamSource source;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("dynamodb.db"));
        Stores stores = new Stores(new SqliteTableStore(db), new SqliteItemStore(db), new SqliteIndexStore(db));
        SplittableRandom random = new SplittableRandom(7);
        SqliteStreamStore store = new SqliteStreamStore(db);
        StreamLog log = new StreamLog(store, () -> now, random, "eu-west-1");
        Items items = new Items(db, stores, log);
        dynamodb = new DynamoDbApi(
                new Tables(db, stores, log, () -> now, random, "eu-west-1", "123456789012"),
                items,
                new Searches(db, items, stores),
                new ItemTransactions(db, items),
                timeToLive = new TimeToLives(db, stores, items, new SqliteTimeToLiveStore(db), () -> now));
        reader = new StreamReader(db, store, () -> now);
        streams = new DynamoDbStreamsApi(reader);
        source = new StreamSource(reader);
        log.onAppend(source::appended);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private JsonNode ddb(String operation, String json) {
        try {
            return dynamodb.perform(operation, JSON.readTree(json.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode streams(String operation, String json) {
        try {
            return streams.perform(operation, JSON.readTree(json.replace('\'', '"')));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AwsException refused(Runnable call) {
        return assertThrows(AwsException.class, call::run);
    }

    /** Creates table {@code name} keyed by (pk S, sk N) with a stream of {@code viewType}; answers its ARN. */
    private String create(String name, String viewType) {
        JsonNode d = ddb(
                        "CreateTable",
                        "{'TableName':'" + name + "','BillingMode':'PAY_PER_REQUEST',"
                                + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'},"
                                + "{'AttributeName':'sk','AttributeType':'N'}],"
                                + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'},"
                                + "{'AttributeName':'sk','KeyType':'RANGE'}],"
                                + "'StreamSpecification':{'StreamEnabled':true,'StreamViewType':'" + viewType + "'}}")
                .get("TableDescription");
        return d.get("LatestStreamArn").asText();
    }

    private void put(String table, String sk, String v) {
        ddb(
                "PutItem",
                "{'TableName':'" + table + "','Item':{'pk':{'S':'a'},'sk':{'N':'" + sk + "'},'v':{'S':'" + v + "'}}}");
    }

    private String shard(String arn) {
        return streams("DescribeStream", "{'StreamArn':'" + arn + "'}")
                .at("/StreamDescription/Shards/0/ShardId")
                .asText();
    }

    private String iterator(String arn, String type) {
        return streams(
                        "GetShardIterator",
                        "{'StreamArn':'" + arn + "','ShardId':'" + shard(arn) + "','ShardIteratorType':'" + type + "'}")
                .get("ShardIterator")
                .asText();
    }

    private JsonNode records(String iterator) {
        return streams("GetRecords", "{'ShardIterator':'" + iterator + "'}");
    }

    @Test
    void eachChangeIsOneRecordInOrderAndAWriteThatChangesNothingIsNone() {
        String arn = create("orders", "NEW_AND_OLD_IMAGES");
        assertTrue(
                arn.startsWith("arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.250"));
        put("orders", "1", "x");
        put("orders", "1", "x"); // the same item again: nothing changed
        ddb(
                "UpdateItem",
                "{'TableName':'orders','Key':{'pk':{'S':'a'},'sk':{'N':'1'}},"
                        + "'UpdateExpression':'SET v = :v','ExpressionAttributeValues':{':v':{'S':'y'}}}");
        ddb("DeleteItem", "{'TableName':'orders','Key':{'pk':{'S':'a'},'sk':{'N':'1'}}}");
        ddb("DeleteItem", "{'TableName':'orders','Key':{'pk':{'S':'a'},'sk':{'N':'1'}}}"); // nothing to delete

        JsonNode page = records(iterator(arn, "TRIM_HORIZON"));
        JsonNode rs = page.get("Records");
        assertEquals(3, rs.size(), rs.toString());
        assertEquals(
                List.of("INSERT", "MODIFY", "REMOVE"),
                List.of(
                        rs.get(0).get("eventName").asText(),
                        rs.get(1).get("eventName").asText(),
                        rs.get(2).get("eventName").asText()));
        JsonNode insert = rs.get(0);
        assertEquals("1.1", insert.get("eventVersion").asText());
        assertEquals("aws:dynamodb", insert.get("eventSource").asText());
        assertEquals("eu-west-1", insert.get("awsRegion").asText());
        assertEquals(
                Instant.parse("2026-01-01T00:00:00Z").getEpochSecond(),
                insert.at("/dynamodb/ApproximateCreationDateTime").asLong());
        assertEquals(
                "{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}",
                insert.at("/dynamodb/Keys").toString());
        assertEquals("x", insert.at("/dynamodb/NewImage/v/S").asText());
        assertFalse(insert.get("dynamodb").has("OldImage"));
        JsonNode modify = rs.get(1).get("dynamodb");
        assertEquals("x", modify.at("/OldImage/v/S").asText());
        assertEquals("y", modify.at("/NewImage/v/S").asText());
        JsonNode remove = rs.get(2).get("dynamodb");
        assertEquals("y", remove.at("/OldImage/v/S").asText());
        assertFalse(remove.has("NewImage"));
        Set<String> ids = new HashSet<>();
        BigInteger last = BigInteger.ZERO;
        for (JsonNode r : rs) {
            assertTrue(ids.add(r.get("eventID").asText()));
            BigInteger seq = new BigInteger(r.at("/dynamodb/SequenceNumber").asText());
            assertTrue(seq.compareTo(last) > 0);
            assertTrue(r.at("/dynamodb/SequenceNumber").asText().length() >= 21);
            assertTrue(r.at("/dynamodb/SizeBytes").asLong() > 0);
            assertEquals("NEW_AND_OLD_IMAGES", r.at("/dynamodb/StreamViewType").asText());
            last = seq;
        }
        // the open shard's iterator continues: nothing new yet, then the next change
        JsonNode empty = records(page.get("NextShardIterator").asText());
        assertEquals(0, empty.get("Records").size());
        put("orders", "2", "z");
        assertEquals(
                "INSERT",
                records(empty.get("NextShardIterator").asText())
                        .at("/Records/0/eventName")
                        .asText());
    }

    @Test
    void eachViewTypeCarriesItsImages() {
        for (String type : List.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES")) {
            String table = "t-" + type.toLowerCase().replace('_', '-');
            String arn = create(table, type);
            put(table, "1", "x");
            put(table, "1", "y");
            JsonNode modify = records(iterator(arn, "TRIM_HORIZON")).at("/Records/1/dynamodb");
            assertEquals(type, modify.get("StreamViewType").asText());
            assertEquals(type.contains("NEW"), modify.has("NewImage"), type);
            assertEquals(type.contains("OLD"), modify.has("OldImage"), type);
            assertTrue(modify.has("Keys"));
        }
    }

    @Test
    void batchesAndTransactionsWriteOneRecordPerChangedItem() {
        String arn = create("orders", "KEYS_ONLY");
        ddb(
                "BatchWriteItem",
                "{'RequestItems':{'orders':["
                        + "{'PutRequest':{'Item':{'pk':{'S':'a'},'sk':{'N':'1'}}}},"
                        + "{'PutRequest':{'Item':{'pk':{'S':'a'},'sk':{'N':'2'}}}}]}}");
        ddb(
                "TransactWriteItems",
                "{'TransactItems':["
                        + "{'Put':{'TableName':'orders','Item':{'pk':{'S':'a'},'sk':{'N':'3'}}}},"
                        + "{'Delete':{'TableName':'orders','Key':{'pk':{'S':'a'},'sk':{'N':'1'}}}}]}");
        JsonNode rs = records(iterator(arn, "TRIM_HORIZON")).get("Records");
        List<String> seen = new ArrayList<>();
        rs.forEach(r -> seen.add(
                r.get("eventName").asText() + " " + r.at("/dynamodb/Keys/sk/N").asText()));
        assertEquals(List.of("INSERT 1", "INSERT 2", "INSERT 3", "REMOVE 1"), seen);
    }

    @Test
    void iteratorsByPositionAndTheirErrors() {
        String arn = create("orders", "NEW_IMAGE");
        put("orders", "1", "a");
        put("orders", "2", "b");
        put("orders", "3", "c");
        JsonNode all = records(iterator(arn, "TRIM_HORIZON")).get("Records");
        String second = all.get(1).at("/dynamodb/SequenceNumber").asText();
        String shard = shard(arn);
        JsonNode at = records(streams(
                        "GetShardIterator",
                        "{'StreamArn':'" + arn + "','ShardId':'" + shard
                                + "','ShardIteratorType':'AT_SEQUENCE_NUMBER','SequenceNumber':'" + second + "'}")
                .get("ShardIterator")
                .asText());
        assertEquals(2, at.get("Records").size());
        JsonNode after = records(streams(
                        "GetShardIterator",
                        "{'StreamArn':'" + arn + "','ShardId':'" + shard
                                + "','ShardIteratorType':'AFTER_SEQUENCE_NUMBER','SequenceNumber':'" + second + "'}")
                .get("ShardIterator")
                .asText());
        assertEquals("c", after.at("/Records/0/dynamodb/NewImage/v/S").asText());
        assertEquals(0, records(iterator(arn, "LATEST")).get("Records").size());
        JsonNode limited = streams("GetRecords", "{'ShardIterator':'" + iterator(arn, "TRIM_HORIZON") + "','Limit':2}");
        assertEquals(2, limited.get("Records").size());
        assertEquals(
                "c",
                records(limited.get("NextShardIterator").asText())
                        .at("/Records/0/dynamodb/NewImage/v/S")
                        .asText());

        AwsException malformed = refused(() -> records("bm90IGFuIGl0ZXJhdG9y"));
        assertEquals("ValidationException", malformed.code());
        AwsException unknown = refused(() -> streams("DescribeStream", "{'StreamArn':'" + arn + "x'}"));
        assertEquals("ResourceNotFoundException", unknown.code());
        AwsException noShard = refused(() -> streams(
                "GetShardIterator",
                "{'StreamArn':'" + arn
                        + "','ShardId':'shardId-00000000000000000000-00000000','ShardIteratorType':'LATEST'}"));
        assertEquals("ResourceNotFoundException", noShard.code());
        AwsException badType = refused(() -> streams(
                "GetShardIterator",
                "{'StreamArn':'" + arn + "','ShardId':'" + shard + "','ShardIteratorType':'AT_TIMESTAMP'}"));
        assertEquals("ValidationException", badType.code());
        AwsException beyond = refused(() -> streams(
                "GetShardIterator",
                "{'StreamArn':'" + arn + "','ShardId':'" + shard
                        + "','ShardIteratorType':'AT_SEQUENCE_NUMBER','SequenceNumber':'100000000000000000099'}"));
        assertEquals("ValidationException", beyond.code());

        String old = iterator(arn, "TRIM_HORIZON");
        now = now.plus(Duration.ofMinutes(16));
        AwsException expired = refused(() -> records(old));
        assertEquals("ExpiredIteratorException", expired.code());
    }

    @Test
    void recordsOlderThanADayAreNotReturnedAndTheSweepTrimsThem() {
        String arn = create("orders", "KEYS_ONLY");
        put("orders", "1", "a");
        String before = iterator(arn, "TRIM_HORIZON");
        now = now.plus(Duration.ofHours(23));
        put("orders", "2", "b");
        now = now.plus(Duration.ofHours(2));
        // past retention, not yet swept: not returned
        JsonNode rs = records(iterator(arn, "TRIM_HORIZON")).get("Records");
        assertEquals(1, rs.size());
        assertEquals("2", rs.at("/0/dynamodb/Keys/sk/N").asText());
        assertEquals(1, reader.trim());
        assertEquals(1, records(iterator(arn, "TRIM_HORIZON")).get("Records").size());
        // an iterator from before the trim asks for what is gone
        now = now.minus(Duration.ofHours(25)).plus(Duration.ofMinutes(1)); // within its 15 minutes again
        assertEquals(
                "TrimmedDataAccessException", refused(() -> records(before)).code());
    }

    @Test
    void aDisabledStreamStaysReadableForADayWithItsShardClosed() {
        String arn = create("orders", "KEYS_ONLY");
        put("orders", "1", "a");
        JsonNode updated = ddb("UpdateTable", "{'TableName':'orders','StreamSpecification':{'StreamEnabled':false}}")
                .get("TableDescription");
        assertFalse(updated.at("/StreamSpecification/StreamEnabled").asBoolean());
        assertEquals(arn, updated.get("LatestStreamArn").asText());
        put("orders", "2", "b"); // no stream: no record
        JsonNode d = streams("DescribeStream", "{'StreamArn':'" + arn + "'}").get("StreamDescription");
        assertEquals("DISABLED", d.get("StreamStatus").asText());
        assertTrue(d.at("/Shards/0/SequenceNumberRange").has("EndingSequenceNumber"));
        JsonNode page = records(iterator(arn, "TRIM_HORIZON"));
        assertEquals(1, page.get("Records").size());
        assertFalse(page.has("NextShardIterator"), "a closed shard read to its end has no next iterator");
        assertEquals(
                "ValidationException",
                refused(() -> ddb(
                                "UpdateTable", "{'TableName':'orders','StreamSpecification':{'StreamEnabled':false}}"))
                        .code());

        now = now.plusMillis(1);
        JsonNode again = ddb(
                        "UpdateTable",
                        "{'TableName':'orders','StreamSpecification':{'StreamEnabled':true,'StreamViewType':'NEW_IMAGE'}}")
                .get("TableDescription");
        String second = again.get("LatestStreamArn").asText();
        assertFalse(second.equals(arn));
        assertEquals(
                "NEW_IMAGE", again.at("/StreamSpecification/StreamViewType").asText());
        assertEquals(
                "ValidationException",
                refused(
                                () -> ddb(
                                        "UpdateTable",
                                        "{'TableName':'orders','StreamSpecification':{'StreamEnabled':true,'StreamViewType':'NEW_IMAGE'}}"))
                        .code());
        assertEquals(
                2,
                streams("ListStreams", "{'TableName':'orders'}").get("Streams").size());
        JsonNode firstPage = streams("ListStreams", "{'Limit':1}");
        assertEquals(1, firstPage.get("Streams").size());
        assertEquals(
                1,
                streams(
                                "ListStreams",
                                "{'ExclusiveStartStreamArn':'"
                                        + firstPage
                                                .get("LastEvaluatedStreamArn")
                                                .asText() + "'}")
                        .get("Streams")
                        .size());

        now = now.plus(Duration.ofHours(24));
        assertEquals(
                "ResourceNotFoundException",
                refused(() -> streams("DescribeStream", "{'StreamArn':'" + arn + "'}"))
                        .code());
        assertEquals(1, streams("ListStreams", "{}").get("Streams").size());
        reader.trim();
        assertEquals(1, streams("ListStreams", "{}").get("Streams").size());
    }

    @Test
    void updateTableRefusesWhatItCannotDoAndChangesNothing() {
        create("orders", "KEYS_ONLY");
        assertEquals(
                "ValidationException",
                refused(() -> ddb("UpdateTable", "{'TableName':'orders'}")).code());
        assertEquals(
                "ValidationException",
                refused(
                                () -> ddb(
                                        "UpdateTable",
                                        "{'TableName':'orders','BillingMode':'PROVISIONED','StreamSpecification':{'StreamEnabled':false}}"))
                        .code());
        assertEquals(
                "ValidationException",
                refused(() -> ddb("UpdateTable", "{'TableName':'orders','StreamSpecification':{'StreamEnabled':true}}"))
                        .code());
        assertEquals(
                "ValidationException",
                refused(
                                () -> ddb(
                                        "UpdateTable",
                                        "{'TableName':'orders','StreamSpecification':{'StreamEnabled':true,'StreamViewType':'ALL'}}"))
                        .code());
        assertEquals(
                "ResourceNotFoundException",
                refused(() -> ddb("UpdateTable", "{'TableName':'nope','StreamSpecification':{'StreamEnabled':false}}"))
                        .code());
        JsonNode table = ddb("DescribeTable", "{'TableName':'orders'}").get("Table");
        assertTrue(table.at("/StreamSpecification/StreamEnabled").asBoolean());
        assertEquals(1, streams("ListStreams", "{}").get("Streams").size());
        // a table created with a bad specification is not created
        assertEquals(
                "ValidationException",
                refused(() -> ddb(
                                "CreateTable",
                                "{'TableName':'other','BillingMode':'PAY_PER_REQUEST',"
                                        + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'}],"
                                        + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'}],"
                                        + "'StreamSpecification':{'StreamEnabled':true}}"))
                        .code());
        assertEquals(
                "ResourceNotFoundException",
                refused(() -> ddb("DescribeTable", "{'TableName':'other'}")).code());
    }

    @Test
    void aDeletedTablesStreamIsDisabledAndStillReadable() {
        String arn = create("orders", "KEYS_ONLY");
        put("orders", "1", "a");
        ddb("DeleteTable", "{'TableName':'orders'}");
        JsonNode d = streams("DescribeStream", "{'StreamArn':'" + arn + "'}").get("StreamDescription");
        assertEquals("DISABLED", d.get("StreamStatus").asText());
        assertEquals(1, records(iterator(arn, "TRIM_HORIZON")).get("Records").size());
    }

    @Test
    void theSpiReadsAShardFromAPositionAsLambdasEventCarriesIt() {
        String arn = create("orders", "NEW_IMAGE");
        TableStreams spi = new StreamSource(reader);
        assertEquals("ENABLED", spi.stream(arn).orElseThrow().status());
        assertTrue(spi.stream(arn + "x").isEmpty());
        TableStreams.Shard shard = spi.shards(arn).getFirst();
        assertEquals(null, shard.lastSequenceNumber());
        put("orders", "1", "a");
        put("orders", "2", "b");
        put("orders", "3", "c");
        List<TableStreams.Record> first = spi.read(arn, shard.shardId(), null, 2);
        assertEquals(2, first.size());
        JsonNode event = parse(first.getFirst().json());
        assertEquals(arn, event.get("eventSourceARN").asText());
        assertEquals("a", event.at("/dynamodb/NewImage/v/S").asText());
        List<TableStreams.Record> rest =
                spi.read(arn, shard.shardId(), first.getLast().sequenceNumber(), 10);
        assertEquals(1, rest.size());
        assertEquals(
                rest.getFirst().sequenceNumber(), spi.shards(arn).getFirst().lastSequenceNumber());
        assertEquals(
                "ResourceNotFoundException",
                refused(() -> spi.read(arn, "shardId-x", null, 1)).code());
        assertEquals(
                "ValidationException",
                refused(() -> spi.read(arn, shard.shardId(), "12", 1)).code());
    }

    @Test
    void subscribersHearOfCommittedAppendsOnly() throws Exception {
        String arn = create("heard", "KEYS_ONLY");
        int[] heard = {0};
        AutoCloseable subscription = source.subscribe(arn, () -> heard[0]++);
        put("heard", "1", "a");
        assertEquals(1, heard[0]);
        put("heard", "1", "a"); // changes nothing: no record, nothing to hear
        assertEquals(1, heard[0]);
        refused(() -> ddb(
                "PutItem",
                "{'TableName':'heard','Item':{'pk':{'S':'a'},'sk':{'N':'1'}},"
                        + "'ConditionExpression':'attribute_not_exists(pk)'}"));
        assertEquals(1, heard[0], "a refused write appends nothing");
        subscription.close();
        put("heard", "2", "b");
        assertEquals(1, heard[0]);
    }

    @Test
    void timeToLiveRemovesExpiredItemsWithARecordNamingTheService() {
        String arn = create("sessions", "NEW_AND_OLD_IMAGES");
        long t = now.getEpochSecond();
        assertEquals(
                "DISABLED",
                ddb("DescribeTimeToLive", "{'TableName':'sessions'}")
                        .at("/TimeToLiveDescription/TimeToLiveStatus")
                        .asText());
        JsonNode spec = ddb(
                "UpdateTimeToLive",
                "{'TableName':'sessions','TimeToLiveSpecification':{'Enabled':true,'AttributeName':'expires'}}");
        assertEquals(
                "expires", spec.at("/TimeToLiveSpecification/AttributeName").asText());
        assertTrue(spec.at("/TimeToLiveSpecification/Enabled").asBoolean());
        JsonNode described =
                ddb("DescribeTimeToLive", "{'TableName':'sessions'}").get("TimeToLiveDescription");
        assertEquals("ENABLED", described.get("TimeToLiveStatus").asText());
        assertEquals("expires", described.get("AttributeName").asText());
        String item = "{'TableName':'sessions','Item':{'pk':{'S':'a'},'sk':{'N':'%s'},'expires':{'%s':'%s'}}}";
        ddb("PutItem", item.formatted("1", "N", t + 5)); // expires in 5 s
        ddb("PutItem", item.formatted("2", "N", t + 60));
        ddb("PutItem", item.formatted("3", "S", t - 60)); // a String never expires
        ddb("PutItem", item.formatted("4", "N", t * 1000)); // milliseconds: far in the future
        ddb("PutItem", item.formatted("5", "N", 100)); // more than five years ago: left alone
        String after = iterator(arn, "LATEST");

        assertEquals(0, timeToLive.sweep(), "nothing has expired yet");
        now = now.plusSeconds(5);
        assertEquals(1, timeToLive.sweep());
        assertEquals(0, timeToLive.sweep(), "removed once");
        JsonNode left = ddb("Scan", "{'TableName':'sessions'}");
        assertEquals(4, left.get("Count").asInt());

        JsonNode record = records(after).get("Records").get(0);
        assertEquals("REMOVE", record.get("eventName").asText());
        assertEquals("1", record.at("/dynamodb/Keys/sk/N").asText());
        assertEquals(
                String.valueOf(t + 5), record.at("/dynamodb/OldImage/expires/N").asText());
        assertEquals("Service", record.at("/userIdentity/Type").asText());
        assertEquals(
                "dynamodb.amazonaws.com", record.at("/userIdentity/PrincipalId").asText());
        JsonNode event = parse(source.read(arn, shard(arn), null, 100).getLast().json());
        assertEquals("Service", event.at("/userIdentity/type").asText(), "Lambda's names: " + event);
        assertEquals(
                "dynamodb.amazonaws.com", event.at("/userIdentity/principalId").asText());
        ddb("DeleteItem", "{'TableName':'sessions','Key':{'pk':{'S':'a'},'sk':{'N':'2'}}}");
        JsonNode byCaller = records(after).get("Records").get(1);
        assertFalse(byCaller.has("userIdentity"), "a caller's delete names no service: " + byCaller);
    }

    @Test
    void updateTimeToLiveRefusesWhatDynamoDbRefusesAndChangesNothing() {
        create("ttl", "KEYS_ONLY");
        String enable = "{'TableName':'ttl','TimeToLiveSpecification':{'Enabled':%s,'AttributeName':'%s'}}";
        AwsException off = refused(() -> ddb("UpdateTimeToLive", enable.formatted("false", "exp")));
        assertEquals("TimeToLive is already disabled", off.getMessage());
        ddb("UpdateTimeToLive", enable.formatted("true", "exp"));
        AwsException twice = refused(() -> ddb("UpdateTimeToLive", enable.formatted("true", "exp")));
        assertEquals("ValidationException", twice.code());
        assertEquals("TimeToLive is already enabled", twice.getMessage());
        AwsException other = refused(() -> ddb("UpdateTimeToLive", enable.formatted("false", "other")));
        assertTrue(other.getMessage().contains("current AttributeName is exp"), other.getMessage());
        assertTrue(refused(() -> ddb("UpdateTimeToLive", enable.formatted("true", "")))
                .getMessage()
                .contains("'timeToLiveSpecification.attributeName'"));
        assertTrue(refused(() -> ddb("UpdateTimeToLive", "{'TableName':'ttl'}"))
                .getMessage()
                .contains("Value null at 'timeToLiveSpecification'"));
        AwsException none = refused(
                () -> ddb("UpdateTimeToLive", enable.formatted("true", "exp").replace("'ttl'", "'nope'")));
        assertEquals("ResourceNotFoundException", none.code());
        assertEquals(
                "exp",
                ddb("DescribeTimeToLive", "{'TableName':'ttl'}")
                        .at("/TimeToLiveDescription/AttributeName")
                        .asText(),
                "refused updates change nothing");
        ddb("UpdateTimeToLive", enable.formatted("false", "exp"));
        assertEquals(
                "DISABLED",
                ddb("DescribeTimeToLive", "{'TableName':'ttl'}")
                        .at("/TimeToLiveDescription/TimeToLiveStatus")
                        .asText());

        ddb("UpdateTimeToLive", enable.formatted("true", "exp"));
        ddb("DeleteTable", "{'TableName':'ttl'}");
        create("ttl", "KEYS_ONLY");
        assertEquals(
                "DISABLED",
                ddb("DescribeTimeToLive", "{'TableName':'ttl'}")
                        .at("/TimeToLiveDescription/TimeToLiveStatus")
                        .asText(),
                "a table made again starts without Time to Live");
        assertEquals(0, timeToLive.sweep());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
