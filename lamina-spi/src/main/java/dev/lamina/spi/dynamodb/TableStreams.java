package dev.lamina.spi.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * What DynamoDB Streams offers Lambda's stream event source mappings, and all it offers them: to find a
 * table's stream by ARN, list its shards, read a shard's records in order after a position, and hear
 * of records as their writes commit. Reading
 * changes nothing; a mapping keeps its own checkpoint (the sequence number of the last record its
 * function took) and reads after it.
 *
 * <p>Errors a caller can cause come as {@link dev.lamina.core.AwsException} with DynamoDB Streams'
 * codes ({@code ResourceNotFoundException} for an unknown stream or shard, {@code
 * TrimmedDataAccessException} for a position retention has removed, {@code ValidationException} for a
 * malformed sequence number); methods block on the module's storage, so call them from a thread that
 * may.
 */
public interface TableStreams {
    /**
     * A stream as a mapping needs it.
     *
     * @param status {@code ENABLED} or {@code DISABLED} (still readable for 24 hours)
     * @param viewType {@code KEYS_ONLY}, {@code NEW_IMAGE}, {@code OLD_IMAGE} or {@code NEW_AND_OLD_IMAGES}
     */
    record Stream(String arn, String tableName, String status, String viewType) {}

    /**
     * A shard of a stream.
     *
     * @param parentShardId {@code null} when it has none
     * @param endingSequenceNumber {@code null} while the shard is open (records still come)
     * @param lastSequenceNumber the newest record's so far ({@code null}: none), where LATEST starts
     */
    record Shard(
            String shardId,
            String parentShardId,
            String startingSequenceNumber,
            String endingSequenceNumber,
            String lastSequenceNumber) {}

    /**
     * One record: its sequence number, and the record as a Lambda event's {@code Records} entry carries
     * it, as JSON text (eventID, eventName, eventVersion, eventSource, awsRegion, {@code dynamodb} with
     * PascalCase keys, eventSourceARN; and, for an item Time to Live removed, {@code userIdentity}
     * {@code {"type":"Service","principalId":"dynamodb.amazonaws.com"}}).
     */
    record Record(String sequenceNumber, String json) {}

    /** The stream with this ARN, if it exists and is readable. */
    Optional<Stream> stream(String streamArn);

    /** The stream's shards, oldest first. */
    List<Shard> shards(String streamArn);

    /**
     * Up to {@code limit} (1–1000) records of the shard after {@code afterSequenceNumber} ({@code
     * null}: from the oldest kept record), in order; an empty list when none came yet.
     */
    List<Record> read(String streamArn, String shardId, String afterSequenceNumber, int limit);

    /**
     * Tells {@code listener} after each write that appended records to the stream commits, on the
     * writing thread (it must not block), until the returned handle is closed: so a reader waits for
     * records instead of polling for them.
     */
    AutoCloseable subscribe(String streamArn, Runnable listener);
}
