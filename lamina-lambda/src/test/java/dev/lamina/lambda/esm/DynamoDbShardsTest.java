package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.spi.dynamodb.TableStreams;
import dev.lamina.spi.lambda.InvocationResult;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A table stream as a mapping reads it, over an SPI held in memory: no node, no sockets. */
class DynamoDbShardsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-01-01T00:00:00.000";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:f";

    /** A stream of {@code count} records, numbered from 1, of which the first {@code trimmed} are gone. */
    private static final class Stream implements TableStreams {
        static final BigInteger BASE = BigInteger.TEN.pow(20);
        final int count;
        final int trimmed;
        final List<String> reads = new ArrayList<>();

        Stream(int count, int trimmed) {
            this.count = count;
            this.trimmed = trimmed;
        }

        static String seq(long n) {
            return BASE.add(BigInteger.valueOf(n)).toString();
        }

        @Override
        public Optional<TableStreams.Stream> stream(String streamArn) {
            return Optional.of(new TableStreams.Stream(ARN, "t", "ENABLED", "NEW_IMAGE"));
        }

        @Override
        public List<Shard> shards(String streamArn) {
            if (!streamArn.equals(ARN)) {
                throw new AwsException(400, "ResourceNotFoundException", "no stream");
            }
            return List.of(new Shard("shardId-1", null, seq(1), null, count == 0 ? null : seq(count)));
        }

        @Override
        public List<TableStreams.Record> read(String streamArn, String shardId, String after, int limit) {
            assertTrue(limit >= 1 && limit <= 1000, "the SPI's limit: " + limit);
            reads.add(after);
            long from = after == null
                    ? trimmed
                    : new BigInteger(after).subtract(BASE).longValueExact();
            if (from < trimmed) {
                throw new AwsException(400, "TrimmedDataAccessException", "trimmed");
            }
            List<TableStreams.Record> out = new ArrayList<>();
            for (long n = from + 1; n <= count && out.size() < limit; n++) {
                out.add(new TableStreams.Record(
                        seq(n),
                        "{\"eventName\":\"INSERT\",\"dynamodb\":{\"ApproximateCreationDateTime\":1767225600,"
                                + "\"Keys\":{\"pk\":{\"S\":\"k" + (n % 3) + "\"}},\"SequenceNumber\":\"" + seq(n)
                                + "\"},\"eventSourceARN\":\"" + ARN + "\"}"));
            }
            return out;
        }

        @Override
        public AutoCloseable subscribe(String streamArn, Runnable listener) {
            return () -> {};
        }
    }

    @Test
    void readsFromTheShardsStartInPagesTheSpiAllows() {
        Stream stream = new Stream(2500, 0);
        DynamoDbShards shards = new DynamoDbShards(stream, JSON, ARN, FUNCTION);
        ShardSource.ShardInfo shard = shards.shards().getFirst();
        assertEquals(DynamoDbShards.START, shard.start());
        assertEquals(List.of(), shard.parents());
        List<StreamItem> items = shards.read(shard.shardId(), shard.start(), 2200);
        assertEquals(2200, items.size());
        assertEquals(Stream.seq(1), items.getFirst().sequenceNumber());
        assertEquals(Stream.seq(2200), items.getLast().sequenceNumber());
        assertEquals(null, stream.reads.getFirst(), "the start reads from the oldest record kept");
        assertEquals(3, stream.reads.size());
        assertEquals(Instant.ofEpochSecond(1767225600), items.getFirst().arrival());
        assertEquals("{\"pk\":{\"S\":\"k1\"}}", items.getFirst().partitionKey(), "an item's key keeps its order");
        assertEquals(Stream.seq(2500), shards.latest(shard.shardId()));
        assertEquals(
                DynamoDbShards.START, new DynamoDbShards(new Stream(0, 0), JSON, ARN, FUNCTION).latest("shardId-1"));
        assertTrue(shard.start().compareTo(Stream.seq(1)) < 0, "the start sorts before every record");
    }

    @Test
    void aCheckpointPastRetentionReadsOnFromTheOldestRecordKept() {
        Stream stream = new Stream(10, 5);
        List<StreamItem> items = new DynamoDbShards(stream, JSON, ARN, FUNCTION).read("shardId-1", Stream.seq(2), 100);
        assertEquals(Stream.seq(6), items.getFirst().sequenceNumber());
        assertEquals(5, items.size());
    }

    @Test
    void aStreamThatIsGoneHasNoShards() {
        assertEquals(List.of(), new DynamoDbShards(new Stream(1, 0), JSON, ARN + "x", FUNCTION).shards());
    }

    @Test
    void filtersSeeTheRecordAsItIsAndAFailureNamesTheBatchAsDynamoDbs() throws Exception {
        DynamoDbShards shards = new DynamoDbShards(new Stream(3, 0), JSON, ARN, FUNCTION);
        List<StreamItem> items = shards.read("shardId-1", DynamoDbShards.START, 3);
        FilterPattern insert = FilterPattern.parse(
                JSON, "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[\"k2\"]}}}}");
        assertEquals(
                List.of(Stream.seq(2)),
                items.stream()
                        .filter(i -> insert.matches(shards.forFilters(i)))
                        .map(StreamItem::sequenceNumber)
                        .toList());
        JsonNode failure = JSON.readTree(StreamFailures.record(
                JSON,
                shards.origin("shardId-1"),
                items,
                "RetryAttemptsExhausted",
                2,
                new InvocationResult("r", "$LATEST", new byte[0], "Unhandled"),
                Instant.parse("2026-01-01T00:00:10Z")));
        JsonNode info = failure.get("DDBStreamBatchInfo");
        assertEquals("shardId-1", info.get("shardId").asText());
        assertEquals(Stream.seq(1), info.get("startSequenceNumber").asText());
        assertEquals(Stream.seq(3), info.get("endSequenceNumber").asText());
        assertEquals(3, info.get("batchSize").asInt());
        assertEquals(ARN, info.get("streamArn").asText());
        assertEquals(
                "2026-01-01T00:00:00.000Z",
                info.get("approximateArrivalOfFirstRecord").asText());
        assertEquals(FUNCTION, failure.at("/requestContext/functionArn").asText());
    }

    @Test
    void aTableStreamHasNoAtTimestampPosition() {
        StreamSettings at = new StreamSettings(StreamSettings.AT_TIMESTAMP, Instant.EPOCH, 1, -1, -1, false, null, 0);
        AwsException e = assertThrows(AwsException.class, () -> StreamRules.checkTableStream(ARN, at));
        assertEquals(LambdaErrors.invalidParameter("x").code(), e.code());
        assertEquals("Unsupported starting position for arn type: " + ARN, e.getMessage());
        StreamRules.checkTableStream(ARN, new StreamSettings(StreamSettings.LATEST, null, 1, -1, -1, false, null, 0));
    }
}
