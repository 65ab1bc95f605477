package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A stream's shards as a {@link StreamPoller} reads them: what a kind of stream ({@link
 * KinesisShards}, {@link DynamoDbShards}, each over its module's SPI) supplies, with the documents
 * Lambda writes for it. Positions are sequence numbers, or a shard's start; within a shard a later one
 * is larger, and they compare as text.
 */
interface ShardSource {
    /**
     * One shard.
     *
     * @param parents the shards it was split or merged from, read to their end before it
     * @param start the position before its first record
     * @param end once closed, the position of its last record; {@code null} while open
     */
    record ShardInfo(String shardId, List<String> parents, String start, String end) {}

    /** The stream's shards, parents before children; none once the stream is gone. */
    List<ShardInfo> shards();

    /** Up to {@code limit} records of the shard after position {@code after}, in order. */
    List<StreamItem> read(String shardId, String after, int limit);

    /** The shard's latest position (LATEST starts after it). */
    String latest(String shardId);

    /** The position just before the shard's first record that arrived at or after {@code t}. */
    String before(String shardId, Instant t);

    /** Tells {@code listener} (which must not block) of records put to the stream, until closed. */
    AutoCloseable subscribe(Runnable listener);

    /** What a filter pattern matches of an item. */
    JsonNode forFilters(StreamItem item);

    /** What the record a discarded batch of the shard leaves at the OnFailure destination names. */
    StreamFailures.Origin origin(String shardId);
}
