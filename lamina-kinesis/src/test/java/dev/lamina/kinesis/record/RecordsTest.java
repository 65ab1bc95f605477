package dev.lamina.kinesis.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.kinesis.stream.HashKeyRange;
import dev.lamina.kinesis.stream.SequenceNumber;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.SqliteRecordLog;
import dev.lamina.kinesis.stream.SqliteStreamStore;
import dev.lamina.kinesis.stream.StreamMode;
import dev.lamina.kinesis.stream.StreamRecord;
import dev.lamina.kinesis.stream.Streams;
import dev.lamina.storage.Database;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams and records on a real SQLite file, with a clock the test moves. */
class RecordsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private Database db;
    private Streams streams;
    private Records records;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("kinesis.db"));
        SqliteStreamStore store = new SqliteStreamStore(db);
        SqliteRecordLog log = new SqliteRecordLog(db);
        streams = new Streams(db, store, log, now::get, Duration.ofMillis(500), "us-east-1", "000000000000");
        records = new Records(db, streams, store, log, now::get);
        streams.create("s", 2, StreamMode.PROVISIONED, Map.of());
        now.set(T0.plusSeconds(1));
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static PutEntry entry(String data, String key) {
        return PutEntry.of(data.getBytes(StandardCharsets.UTF_8), key, null, "");
    }

    private static List<String> data(Records.Batch batch) {
        return batch.records().stream()
                .map(r -> new String(r.data(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aNewStreamIsCreatingThenActiveAndRefusesRecordsUntilThen() {
        now.set(T0.plusSeconds(10));
        streams.create("late", 1, StreamMode.PROVISIONED, Map.of());
        assertEquals("CREATING", streams.get("late").state().status());
        AwsException e = assertThrows(AwsException.class, () -> records.put("late", List.of(entry("x", "k"))));
        assertEquals("ResourceInUseException", e.code());
        now.set(T0.plusSeconds(10).plusMillis(500));
        assertEquals("ACTIVE", streams.get("late").state().status());
        assertEquals(1, records.put("late", List.of(entry("x", "k"))).size());
    }

    @Test
    void recordsOfAShardComeBackInOrderWithIncreasingNumbers() {
        List<PutEntry> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(entry("r" + i, "same-key"));
        }
        List<Records.Placed> placed = records.put("s", batch);
        String shardId = placed.getFirst().shardId();
        assertTrue(placed.stream().allMatch(p -> p.shardId().equals(shardId)));
        for (int i = 1; i < placed.size(); i++) {
            assertTrue(
                    placed.get(i).sequenceNumber().compareTo(placed.get(i - 1).sequenceNumber()) > 0);
        }
        String it = records.iterator("s", shardId, "TRIM_HORIZON", null, null);
        Records.Batch first = records.get(it, 7);
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6"), data(first));
        assertTrue(first.millisBehindLatest() >= 0);
        Records.Batch rest = records.get(first.nextIterator(), 100);
        assertEquals(13, rest.records().size());
        assertEquals("r19", new String(rest.records().getLast().data(), StandardCharsets.UTF_8));
        assertEquals(0, rest.millisBehindLatest());
        Records.Batch none = records.get(rest.nextIterator(), 100);
        assertEquals(List.of(), none.records());
        assertNotNull(none.nextIterator(), "an open shard always has a next iterator");

        String at = placed.get(5).sequenceNumber().toString();
        assertEquals(
                "r5",
                data(records.get(records.iterator("s", shardId, "AT_SEQUENCE_NUMBER", at, null), 1))
                        .getFirst());
        assertEquals(
                "r6",
                data(records.get(records.iterator("s", shardId, "AFTER_SEQUENCE_NUMBER", at, null), 1))
                        .getFirst());
        String latest = records.iterator("s", shardId, "LATEST", null, null);
        records.put("s", List.of(entry("new", "same-key")));
        assertEquals(List.of("new"), data(records.get(latest, 10)));
    }

    @Test
    void atTimestampStartsAtTheFirstRecordThatArrivedThen() {
        records.put("s", List.of(entry("old", "k")));
        now.set(T0.plusSeconds(60));
        List<Records.Placed> placed = records.put("s", List.of(entry("new", "k")));
        String shardId = placed.getFirst().shardId();
        String it = records.iterator("s", shardId, "AT_TIMESTAMP", null, T0.plusSeconds(30));
        Records.Batch batch = records.get(it, 10);
        assertEquals(List.of("new"), data(batch));
        assertEquals(T0.plusSeconds(60), batch.records().getFirst().arrival());
    }

    @Test
    void aBatchWithOneBadRecordStoresNothing() {
        String shardId =
                records.put("s", List.of(entry("first", "k"))).getFirst().shardId();
        AwsException e = assertThrows(
                AwsException.class,
                () -> records.put(
                        "s", List.of(entry("ok", "k"), PutEntry.of(new byte[1], "", null, "records.2.member."))));
        assertEquals("ValidationException", e.code());
        assertEquals(
                "1 validation error detected: Value '' at 'records.2.member.partitionKey' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 1",
                e.getMessage());
        AwsException tooMany = assertThrows(
                AwsException.class, () -> records.put("s", java.util.Collections.nCopies(501, entry("x", "k"))));
        assertEquals("ValidationException", tooMany.code());
        byte[] mib = new byte[1024 * 1024 - 1];
        AwsException tooBig = assertThrows(
                AwsException.class,
                () -> records.put("s", java.util.Collections.nCopies(6, PutEntry.of(mib, "k", null, ""))));
        assertEquals("InvalidArgumentException", tooBig.code());
        assertEquals(
                List.of("first"), data(records.get(records.iterator("s", shardId, "TRIM_HORIZON", null, null), 100)));
    }

    @Test
    void aRecordOverOneMebibyteWithItsKeyIsRefused() {
        assertEquals(
                "InvalidArgumentException",
                assertThrows(AwsException.class, () -> PutEntry.of(new byte[1024 * 1024], "k", null, ""))
                        .code());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> PutEntry.of(new byte[1024 * 1024 + 1], "k", null, ""))
                        .code());
        assertEquals(
                "ValidationException",
                assertThrows(AwsException.class, () -> PutEntry.of(new byte[1], "k".repeat(257), null, ""))
                        .code());
    }

    @Test
    void anIteratorExpiresAfterFiveMinutes() {
        String it = records.iterator("s", "shardId-000000000000", "TRIM_HORIZON", null, null);
        now.set(now.get().plus(Duration.ofMinutes(5)).plusMillis(1));
        AwsException e = assertThrows(AwsException.class, () -> records.get(it, 10));
        assertEquals("ExpiredIteratorException", e.code());
    }

    @Test
    void recordsPastTheRetentionAreNotReturnedAndTheSweepDeletesThem() {
        String shardId = records.put("s", List.of(entry("old", "k"))).getFirst().shardId();
        now.set(now.get().plus(Duration.ofHours(23)));
        records.put("s", List.of(entry("young", "k")));
        now.set(now.get().plus(Duration.ofHours(1)).plusMillis(1));
        String it = records.iterator("s", shardId, "TRIM_HORIZON", null, null);
        assertEquals(List.of("young"), data(records.get(it, 10)));
        assertEquals(1, records.trim());
        assertEquals(0, records.trim());
        streams.retain("s", 48, true);
        assertEquals(48, streams.get("s").retentionHours());
        assertEquals(List.of("young"), data(records.get(it, 10)));
    }

    @Test
    void aSequenceNumberOfAnotherShardOrNoneIsRefused() {
        SequenceNumber other =
                records.put("s", List.of(entry("x", "a"))).getFirst().sequenceNumber();
        String shardId = "shardId-00000000000" + (1 - other.shard());
        AwsException e = assertThrows(
                AwsException.class, () -> records.iterator("s", shardId, "AT_SEQUENCE_NUMBER", other.toString(), null));
        assertEquals("InvalidArgumentException", e.code());
        AwsException noShard = assertThrows(
                AwsException.class, () -> records.iterator("s", "shardId-000000000009", "TRIM_HORIZON", null, null));
        assertEquals("ResourceNotFoundException", noShard.code());
        AwsException badType =
                assertThrows(AwsException.class, () -> records.iterator("s", shardId, "OLDEST", null, null));
        assertEquals("ValidationException", badType.code());
    }

    @Test
    void aDeletedStreamTakesItsRecordsAndItsIteratorsWithIt() {
        String shardId =
                records.put("s", List.of(entry("gone", "k"))).getFirst().shardId();
        String it = records.iterator("s", shardId, "TRIM_HORIZON", null, null);
        streams.delete("s");
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(AwsException.class, () -> records.get(it, 1)).code());
        streams.create("s", 2, StreamMode.PROVISIONED, Map.of());
        now.set(now.get().plusSeconds(1));
        assertEquals(
                "ResourceNotFoundException",
                assertThrows(AwsException.class, () -> records.get(it, 1)).code());
        List<StreamRecord> fresh = records.get(records.iterator("s", shardId, "TRIM_HORIZON", null, null), 10)
                .records();
        assertEquals(List.of(), fresh);
    }

    @Test
    void aSplitClosesTheParentWhoseRecordsStayReadableToItsEnd() {
        Records.Placed before = records.put("s", List.of(entry("before", "a"))).getFirst();
        assertEquals("shardId-000000000000", before.shardId());
        String parentIterator = records.iterator("s", "shardId-000000000000", "TRIM_HORIZON", null, null);
        BigInteger quarter = BigInteger.ONE.shiftLeft(126);
        streams.split("s", "shardId-000000000000", quarter.toString());
        assertEquals("UPDATING", streams.get("s").state().status());
        assertEquals(
                "ResourceInUseException",
                assertThrows(AwsException.class, () -> streams.split("s", "shardId-000000000001", "1"))
                        .code());

        List<Shard> shards = streams.describe("s").shards();
        assertEquals(4, shards.size());
        Shard parent = shards.getFirst();
        assertEquals(before.sequenceNumber(), parent.endingSequence());
        assertEquals(
                new HashKeyRange(BigInteger.ZERO, quarter.subtract(BigInteger.ONE)),
                shards.get(2).hashKeys());
        assertEquals(
                new HashKeyRange(quarter, parent.hashKeys().end()),
                shards.get(3).hashKeys());
        assertEquals(0, shards.get(2).parent());

        Records.Placed after = records.put("s", List.of(entry("after", "a"))).getFirst();
        assertEquals("shardId-000000000002", after.shardId(), "md5(a) is below 2^126");
        assertTrue(after.sequenceNumber().compareTo(before.sequenceNumber()) > 0);
        Records.Batch last = records.get(parentIterator, 10);
        assertEquals(List.of("before"), data(last));
        assertNull(last.nextIterator(), "a closed shard read to its end has no next iterator");
        assertEquals(List.of(2, 3), last.children().stream().map(Shard::index).toList());

        now.set(now.get().plusMillis(500));
        assertEquals("ACTIVE", streams.get("s").state().status());
        assertEquals(
                "InvalidArgumentException",
                assertThrows(AwsException.class, () -> streams.split("s", "shardId-000000000000", "5"))
                        .code());
        assertEquals(
                "InvalidArgumentException",
                assertThrows(AwsException.class, () -> streams.split("s", "shardId-000000000002", "0"))
                        .code());
        assertEquals(
                "InvalidArgumentException",
                assertThrows(
                                AwsException.class,
                                () -> streams.merge("s", "shardId-000000000001", "shardId-000000000002"))
                        .code());
        streams.merge("s", "shardId-000000000002", "shardId-000000000003");
        Shard merged = streams.describe("s").shards().getLast();
        assertEquals(4, merged.index());
        assertEquals(2, merged.parent());
        assertEquals(3, merged.adjacentParent());
        assertEquals(parent.hashKeys(), merged.hashKeys());
        assertEquals(
                "shardId-000000000004",
                records.put("s", List.of(entry("merged", "a"))).getFirst().shardId());
    }
}
