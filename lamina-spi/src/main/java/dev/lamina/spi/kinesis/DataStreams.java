package dev.lamina.spi.kinesis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Kinesis module offers Lambda's stream event source mappings, and all it offers them: to
 * find a stream by ARN, list its shards with their parents, read a shard's records in order after a
 * position, and name the positions a mapping starts from. A position is a sequence number: that of a
 * record, or a shard's starting sequence number (before its first record). Within a shard, a later
 * record has a larger number; the numbers of one shard all have the same length, so they compare
 * as text.
 *
 * <p>Reads never return a record past its stream's retention. Methods block on the store: call them
 * from a thread that may.
 */
public interface DataStreams {
    /** A stream as a mapping needs it. */
    record StreamRef(String arn, String name) {}

    /**
     * One shard.
     *
     * @param parentShardId the shard it was split or merged from, or {@code null}
     * @param adjacentParentShardId the other shard a merge took, or {@code null}
     * @param startingSequenceNumber the position before its first record
     * @param endingSequenceNumber once a split or merge closed it, the position of its last record
     *     (its starting one if it had none); {@code null} while open
     */
    record ShardRef(
            String shardId,
            String parentShardId,
            String adjacentParentShardId,
            String startingSequenceNumber,
            String endingSequenceNumber) {
        public boolean closed() {
            return endingSequenceNumber != null;
        }
    }

    /** A record of a shard, as PutRecord stored it. */
    record Record(String sequenceNumber, Instant approximateArrival, String partitionKey, byte[] data) {
        public Record {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(approximateArrival, "approximateArrival");
            Objects.requireNonNull(partitionKey, "partitionKey");
            Objects.requireNonNull(data, "data");
        }
    }

    /** The stream with this ARN, if it exists. */
    Optional<StreamRef> stream(String streamArn);

    /** Every shard of the stream, open and closed, parents before their children; none once it is gone. */
    List<ShardRef> shards(String streamArn);

    /**
     * Up to {@code limit} (1–10,000) records of the shard after position {@code after}, in order; none
     * when there are none yet, or the stream or shard is gone.
     */
    List<Record> read(String streamArn, String shardId, String after, int limit);

    /** The shard's latest position: that of its last record, or its starting one when it has none. */
    String latest(String streamArn, String shardId);

    /** The position just before the shard's first record that arrived at or after {@code timestamp}. */
    String before(String streamArn, String shardId, Instant timestamp);

    /**
     * Tells {@code listener} after each put to the stream commits, on the putting thread (it must
     * not block), until the returned handle is closed: so a reader waits for records instead of
     * polling for them.
     */
    AutoCloseable subscribe(String streamArn, Runnable listener);
}
