package dev.lamina.dynamodb.stream;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The writing side of DynamoDB Streams: turns a table's stream on and off and appends each item
 * change's record to the table's enabled stream, always in the caller's transaction, so a record
 * exists exactly for each committed change, and its listener hears of it once that transaction
 * commits. One open shard a stream for now (the store keeps shards apart so that they can roll over
 * later).
 */
public final class StreamLog {
    private final StreamStore store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String region;
    private volatile Consumer<String> onAppend = arn -> {};

    /** @param random for event ids and shard ids */
    public StreamLog(StreamStore store, InstantSource clock, RandomGenerator random, String region) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.region = region;
    }

    /**
     * Has {@code listener} told a stream's ARN after each transaction that appended to it commits, on
     * the committing thread (so it must not block).
     */
    public void onAppend(Consumer<String> listener) {
        this.onAppend = listener;
    }

    /** Appends the record of a change of an item of {@code table}, if it has an enabled stream and the images differ. */
    public void changed(
            Transaction tx, Table table, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        append(tx, table, oldImage, newImage, false);
    }

    /** Appends the record of Time to Live removing {@code oldImage}, naming the service as its user. */
    public void expired(Transaction tx, Table table, Map<String, AttributeValue> oldImage) {
        append(tx, table, oldImage, Map.of(), true);
    }

    private void append(
            Transaction tx,
            Table table,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage,
            boolean byTimeToLive) {
        if (oldImage.equals(newImage)) {
            return;
        }
        Optional<TableStream> enabled = store.enabled(tx, table.name());
        if (enabled.isEmpty()) {
            return;
        }
        TableStream stream = enabled.get();
        String shard = store.shards(tx, stream.arn()).getLast().id();
        Instant now = clock.instant();
        StreamRecords.Event event = new StreamRecords.Event(
                hex(16), region, stream.viewType(), table.key().names(), oldImage, newImage, now, byTimeToLive);
        store.append(
                tx,
                stream.arn(),
                shard,
                now,
                sequence -> StreamRecords.of(event, sequence).orElseThrow().toString());
        Consumer<String> listener = onAppend;
        tx.afterCommit(() -> listener.accept(stream.arn()));
    }

    /** Turns on a stream of {@code table} with {@code viewType}; UpdateTable's error if one is on. */
    public TableStream enable(Transaction tx, Table table, StreamViewType viewType) {
        if (store.enabled(tx, table.name()).isPresent()) {
            throw AwsException.validation("Table already has an enabled stream: TableName: " + table.name());
        }
        Instant now = clock.instant();
        Optional<TableStream> latest = store.latest(tx, table.name());
        if (latest.isPresent() && !latest.get().created().isBefore(now)) {
            now = latest.get().created().plusMillis(1); // labels, and so ARNs, stay unique per table
        }
        String tableArn = table.description().get("TableArn").asText();
        TableStream stream = TableStream.create(
                tableArn,
                table.name(),
                viewType,
                table.description().get("KeySchema").toString(),
                now);
        String shardId = "shardId-" + String.format("%020d", now.toEpochMilli()) + "-" + hex(4);
        store.create(tx, stream, new StreamShard(shardId, null, 1, null, 0));
        return stream;
    }

    /** Turns off the stream of {@code table}; UpdateTable's error if none is on. */
    public void disable(Transaction tx, String table) {
        TableStream stream = store.enabled(tx, table)
                .orElseThrow(() -> AwsException.validation("Table has no stream to disable: TableName: " + table));
        store.disable(tx, stream.arn(), clock.instant());
    }

    /** Turns off the stream of a table being deleted, if it has one; it stays readable for retention. */
    public void tableDeleted(Transaction tx, String table) {
        store.enabled(tx, table).ifPresent(stream -> store.disable(tx, stream.arn(), clock.instant()));
    }

    /** The newest stream of {@code table} still readable, for DescribeTable. */
    public Optional<TableStream> latest(Transaction tx, String table) {
        Instant now = clock.instant();
        return store.latest(tx, table).filter(s -> s.state().readableAt(now));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
