package dev.lamina.lambda.esm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.spi.dynamodb.TableStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A DynamoDB table's stream, read through the DynamoDB module's {@link TableStreams}. Each record
 * reaches the function as the module wrote it (Lambda's DynamoDB event record, with {@code
 * userIdentity} for Time to Live's removals), and filters match that record as it is ({@code
 * eventName}, {@code dynamodb.NewImage…}). An item's key is its partition key, so with a
 * ParallelizationFactor above 1 one item's changes still keep their order.
 *
 * <p>A shard's start is {@link #START}, the empty position, which sorts before every sequence number:
 * reading after it reads from the oldest record kept. A checkpoint that retention has since passed
 * reads on from the oldest record kept too (the records between are gone, as on AWS). Table streams
 * have no AT_TIMESTAMP position; Lambda refuses it for them before a mapping exists.
 */
final class DynamoDbShards implements ShardSource {
    /** Before a shard's first record. */
    static final String START = "";

    /** The most records one read of the SPI returns. */
    private static final int PAGE = 1000;

    private final TableStreams streams;
    private final ObjectMapper json;
    private final String streamArn;
    private final String functionArn;

    DynamoDbShards(TableStreams streams, ObjectMapper json, String streamArn, String functionArn) {
        this.streams = streams;
        this.json = json;
        this.streamArn = streamArn;
        this.functionArn = functionArn;
    }

    @Override
    public List<ShardInfo> shards() {
        List<ShardInfo> out = new ArrayList<>();
        for (TableStreams.Shard s : shardsOrNone()) {
            List<String> parents = s.parentShardId() == null ? List.of() : List.of(s.parentShardId());
            out.add(new ShardInfo(s.shardId(), parents, START, s.endingSequenceNumber()));
        }
        return out;
    }

    @Override
    public List<StreamItem> read(String shardId, String after, int limit) {
        List<StreamItem> out = new ArrayList<>();
        String from = START.equals(after) ? null : after;
        while (out.size() < limit) {
            int want = Math.min(PAGE, limit - out.size());
            List<TableStreams.Record> page;
            try {
                page = streams.read(streamArn, shardId, from, want);
            } catch (AwsException e) {
                if (e.code().equals("TrimmedDataAccessException") && from != null) {
                    from = null; // past retention: on from the oldest record kept
                    continue;
                }
                if (e.code().equals("ResourceNotFoundException")) {
                    return out; // the stream is gone: nothing more comes
                }
                throw e;
            }
            page.forEach(r -> out.add(item(r)));
            if (page.size() < want) {
                break;
            }
            from = page.getLast().sequenceNumber();
        }
        return out;
    }

    @Override
    public String latest(String shardId) {
        return shardsOrNone().stream()
                .filter(s -> s.shardId().equals(shardId) && s.lastSequenceNumber() != null)
                .map(TableStreams.Shard::lastSequenceNumber)
                .findFirst()
                .orElse(START);
    }

    /** Never called: Lambda refuses AT_TIMESTAMP for a table stream. */
    @Override
    public String before(String shardId, Instant t) {
        throw new UnsupportedOperationException("a table stream has no AT_TIMESTAMP position");
    }

    @Override
    public AutoCloseable subscribe(Runnable listener) {
        return streams.subscribe(streamArn, listener);
    }

    @Override
    public JsonNode forFilters(StreamItem item) {
        return item.event();
    }

    @Override
    public StreamFailures.Origin origin(String shardId) {
        return new StreamFailures.Origin("DDBStreamBatchInfo", streamArn, shardId, functionArn);
    }

    /** The record as a mapping handles it: arrival in whole seconds, as the stream records creation. */
    StreamItem item(TableStreams.Record record) {
        ObjectNode event;
        try {
            event = (ObjectNode) json.readTree(record.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stream record is not JSON", e);
        }
        JsonNode dynamodb = event.path("dynamodb");
        Instant created = Instant.ofEpochSecond(
                dynamodb.path("ApproximateCreationDateTime").asLong());
        return new StreamItem(
                record.sequenceNumber(), created, dynamodb.path("Keys").toString(), event);
    }

    private List<TableStreams.Shard> shardsOrNone() {
        try {
            return streams.shards(streamArn);
        } catch (AwsException e) {
            if (e.code().equals("ResourceNotFoundException")) {
                return List.of(); // the stream is gone, as a deleted Kinesis stream has no shards
            }
            throw e;
        }
    }
}
