package dev.lamina.dynamodb.stream;

import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where table streams, their shards and their records are kept; every call runs in the caller's transaction. */
public interface StreamStore {
    /** Adds {@code stream} with its first shard. */
    void create(Transaction tx, TableStream stream, StreamShard shard);

    /** The stream of {@code table} that records are appended to, if any. */
    Optional<TableStream> enabled(Transaction tx, String table);

    /** The newest stream of {@code table}, enabled or not. */
    Optional<TableStream> latest(Transaction tx, String table);

    Optional<TableStream> find(Transaction tx, String arn);

    /** Disables the stream at {@code at} and closes its open shard at the stream's last sequence number. */
    void disable(Transaction tx, String arn, Instant at);

    /** Up to {@code limit} streams ({@code table} {@code null}: of every table) after {@code afterArn}, by ARN. */
    List<TableStream> list(Transaction tx, String table, String afterArn, int limit);

    /** The stream's shards, oldest first. */
    List<StreamShard> shards(Transaction tx, String arn);

    /**
     * Appends a record to the stream's shard: takes the stream's next sequence number, asks
     * {@code record} for the record's JSON with it, and stores it. Answers the sequence number.
     */
    long append(
            Transaction tx, String arn, String shard, Instant created, java.util.function.LongFunction<String> record);

    /** A stored record: its sequence number and its JSON. */
    record Stored(long sequence, String json) {}

    /** Up to {@code limit} records of the shard after {@code after}, created at or after {@code notBefore}, in order. */
    List<Stored> read(Transaction tx, String arn, String shard, long after, Instant notBefore, int limit);

    /**
     * Deletes records created before {@code before} (moving their shards' trim horizon) and streams
     * disabled before it, with their shards and records; answers how many records past retention went.
     */
    int trim(Transaction tx, Instant before);
}
