package dev.lamina.kinesis.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.Cbor;
import dev.lamina.edge.protocol.DocumentProtocol;
import dev.lamina.edge.protocol.EpochTimestamp;
import dev.lamina.kinesis.record.Records;
import dev.lamina.kinesis.stream.SqliteRecordLog;
import dev.lamina.kinesis.stream.SqliteStreamStore;
import dev.lamina.kinesis.stream.Streams;
import dev.lamina.storage.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kinesis's operations over documents as each protocol's codec reads and writes them; no socket. */
class KinesisApiTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00.250Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private Database db;
    private KinesisApi api;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("kinesis.db"));
        SqliteStreamStore store = new SqliteStreamStore(db);
        SqliteRecordLog log = new SqliteRecordLog(db);
        Streams streams = new Streams(db, store, log, now::get, Duration.ZERO, "us-east-1", "000000000000");
        api = new KinesisApi(streams, new Records(db, streams, store, log, now::get));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    /** {@code request} sent in {@code protocol} and the answer read back as the client reads it. */
    private JsonNode call(DocumentProtocol protocol, String operation, ObjectNode request) throws Exception {
        JsonNode in = protocol.read(protocol.write(request).body());
        return protocol.read(protocol.write(api.perform(operation, in)).body());
    }

    @Test
    void aRecordPutInCborComesBackAsBytesWithItsArrivalInMilliseconds() throws Exception {
        call(
                Cbor.INSTANCE,
                "CreateStream",
                NODES.objectNode().put("StreamName", "s").put("ShardCount", 1));
        byte[] data = {0, 1, (byte) 0xFE, (byte) 0xFF};
        JsonNode put = call(
                Cbor.INSTANCE,
                "PutRecord",
                NODES.objectNode()
                        .put("StreamName", "s")
                        .put("PartitionKey", "k")
                        .put("Data", data));
        assertEquals("shardId-000000000000", put.get("ShardId").asText());
        ObjectNode iteratorRequest = NODES.objectNode()
                .put("StreamName", "s")
                .put("ShardId", "shardId-000000000000")
                .put("ShardIteratorType", "AT_TIMESTAMP");
        iteratorRequest.set("Timestamp", EpochTimestamp.of(T0));
        String iterator = call(Cbor.INSTANCE, "GetShardIterator", iteratorRequest)
                .get("ShardIterator")
                .asText();
        JsonNode got = call(Cbor.INSTANCE, "GetRecords", NODES.objectNode().put("ShardIterator", iterator));
        JsonNode record = got.get("Records").get(0);
        assertArrayEquals(data, record.get("Data").binaryValue());
        assertEquals(put.get("SequenceNumber"), record.get("SequenceNumber"));
        // read back through the codec, a CBOR timestamp is seconds again, as the JSON client sees it
        assertEquals(T0, EpochTimestamp.read(record.get("ApproximateArrivalTimestamp"), "t"));
        assertEquals(0, got.get("MillisBehindLatest").asLong());
    }

    @Test
    void jsonCarriesBase64AndDescribesTheStreamInKinesissShape() throws Exception {
        call(
                AwsJson.V1_1,
                "CreateStream",
                NODES.objectNode().put("StreamName", "j").put("ShardCount", 2));
        JsonNode in = AwsJson.V1_1.read(("{\"StreamName\":\"j\",\"PartitionKey\":\"a\",\"Data\":\""
                        + java.util.Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        api.perform("PutRecord", in);
        JsonNode d = call(AwsJson.V1_1, "DescribeStream", NODES.objectNode().put("StreamName", "j"))
                .get("StreamDescription");
        assertEquals("ACTIVE", d.get("StreamStatus").asText());
        assertEquals(
                "arn:aws:kinesis:us-east-1:000000000000:stream/j",
                d.get("StreamARN").asText());
        assertEquals(T0, EpochTimestamp.read(d.get("StreamCreationTimestamp"), "t"));
        assertEquals("PROVISIONED", d.get("StreamModeDetails").get("StreamMode").asText());
        assertFalse(d.get("HasMoreShards").asBoolean());
        assertEquals(
                "170141183460469231731687303715884105728",
                d.get("Shards")
                        .get(1)
                        .get("HashKeyRange")
                        .get("StartingHashKey")
                        .asText());
        String json = new String(
                AwsJson.V1_1
                        .write(api.perform("DescribeStream", NODES.objectNode().put("StreamName", "j")))
                        .body(),
                StandardCharsets.UTF_8);
        assertTrue(json.contains("\"StreamCreationTimestamp\":1796644800.250"), json);
    }

    @Test
    void anUnknownOperationOrAWronglyTypedMemberIsRefused() {
        assertEquals(
                "UnknownOperationException",
                assertThrows(AwsException.class, () -> api.perform("NoSuchOperation", NODES.objectNode()))
                        .code());
        assertEquals(
                "SerializationException",
                assertThrows(
                                AwsException.class,
                                () -> api.perform(
                                        "CreateStream",
                                        NODES.objectNode()
                                                .put("StreamName", "x")
                                                .put("ShardCount", "two")))
                        .code());
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(
                                AwsException.class,
                                () -> api.perform(
                                        "DescribeStream", NODES.objectNode().put("StreamName", "x")))
                        .code());
    }
}
