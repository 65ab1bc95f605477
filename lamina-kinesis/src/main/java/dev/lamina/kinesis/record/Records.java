package dev.lamina.kinesis.record;

import dev.lamina.kinesis.record.ShardIterator.Position;
import dev.lamina.kinesis.stream.KinesisErrors;
import dev.lamina.kinesis.stream.RecordLog;
import dev.lamina.kinesis.stream.SequenceNumber;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.Stream;
import dev.lamina.kinesis.stream.StreamRecord;
import dev.lamina.kinesis.stream.StreamStore;
import dev.lamina.kinesis.stream.Streams;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Kinesis's records: putting them in their shards' logs, handing out shard iterators, reading with
 * them, and trimming what the retention period no longer keeps.
 *
 * <p>A put is one transaction: the records of a PutRecords are all acknowledged together or none is,
 * each shard's position moves once, and a record's arrival never precedes the last one's in its
 * shard (a clock stepping back does not reorder AT_TIMESTAMP). Thread-safe: the store serialises
 * the transactions, so positions in a shard are handed out without gaps or repeats.
 */
public final class Records {
    /** The most records and bytes one PutRecords takes. */
    public static final int MAX_PUT_RECORDS = 500;

    public static final long MAX_PUT_BYTES = 5L * 1024 * 1024;

    /** The most records and bytes one GetRecords returns. */
    public static final int MAX_GET_RECORDS = 10_000;

    public static final long MAX_GET_BYTES = 10L * 1024 * 1024;

    private final Transactions db;
    private final Streams streams;
    private final StreamStore store;
    private final RecordLog log;
    private final InstantSource clock;

    private volatile Consumer<String> onPut = name -> {};

    public Records(Transactions db, Streams streams, StreamStore store, RecordLog log, InstantSource clock) {
        this.db = db;
        this.streams = streams;
        this.store = store;
        this.log = log;
        this.clock = clock;
    }

    /** Where a record went: its shard and sequence number. */
    public record Placed(String shardId, SequenceNumber sequenceNumber) {}

    /**
     * What one GetRecords read from {@code shard}, and where the next read starts: {@code null} once a
     * closed shard is read to its end, when {@code children} names the shards that took its keys.
     */
    public record Batch(
            List<StreamRecord> records,
            String nextIterator,
            long millisBehindLatest,
            int shard,
            List<Shard> children) {}

    /**
     * Has {@code listener} told the stream's name after each put commits, on the putting thread (so it
     * must not block): how the event source mappings' pollers hear of new records without polling.
     */
    public void onPut(Consumer<String> listener) {
        this.onPut = listener;
    }

    /** Puts {@code entries} in their shards' logs, all or none, and tells where each went, in order. */
    public List<Placed> put(String streamName, List<PutEntry> entries) {
        if (entries.isEmpty()) {
            throw KinesisErrors.validation("[]", "records", "must have length greater than or equal to 1");
        }
        if (entries.size() > MAX_PUT_RECORDS) {
            throw KinesisErrors.validation(
                    "[" + entries.size() + " records]", "records", "must have length less than or equal to 500");
        }
        long bytes = entries.stream().mapToLong(PutEntry::size).sum();
        if (bytes > MAX_PUT_BYTES) {
            throw KinesisErrors.invalidArgument("Records size exceeds 5 MB limit");
        }
        return db.transaction(tx -> {
            streams.readable(tx, streamName);
            List<Shard> shards = store.shards(tx, streamName);
            Instant now = clock.instant();
            Map<Integer, List<StreamRecord>> byShard = new LinkedHashMap<>();
            Map<Integer, Shard> moved = new HashMap<>();
            List<Placed> placed = new ArrayList<>(entries.size());
            for (PutEntry entry : entries) {
                Shard target = PartitionKeys.shardFor(shards, entry.hashKey());
                Shard shard = moved.getOrDefault(target.index(), target);
                Instant arrival = now.isBefore(shard.lastArrival()) ? shard.lastArrival() : now;
                Shard next = shard.appended(1, arrival);
                moved.put(shard.index(), next);
                byShard.computeIfAbsent(shard.index(), i -> new ArrayList<>())
                        .add(new StreamRecord(next.lastPosition(), arrival, entry.partitionKey(), entry.data()));
                placed.add(new Placed(shard.id(), new SequenceNumber(shard.index(), next.lastPosition())));
            }
            byShard.forEach((index, records) -> log.append(tx, streamName, index, records));
            moved.values().forEach(shard -> store.put(tx, streamName, shard));
            Consumer<String> listener = onPut;
            tx.afterCommit(() -> listener.accept(streamName));
            return placed;
        });
    }

    /**
     * An iterator for the shard at the position {@code type} names: {@code TRIM_HORIZON},
     * {@code LATEST}, {@code AT_SEQUENCE_NUMBER}/{@code AFTER_SEQUENCE_NUMBER} (with
     * {@code sequenceNumber}) or {@code AT_TIMESTAMP} (with {@code timestamp}).
     */
    public String iterator(String streamName, String shardId, String type, String sequenceNumber, Instant timestamp) {
        return db.transaction(tx -> {
            Stream stream = streams.readable(tx, streamName);
            Shard shard = shard(tx, stream, shardId);
            Position position = switch (type) {
                case "TRIM_HORIZON" -> new Position.After(0);
                case "LATEST" -> new Position.After(shard.lastPosition());
                case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                    SequenceNumber at = sequence(stream, shard, sequenceNumber);
                    yield new Position.After(
                            type.equals("AT_SEQUENCE_NUMBER") ? Math.max(0, at.position() - 1) : at.position());
                }
                case "AT_TIMESTAMP" -> {
                    if (timestamp == null) {
                        throw KinesisErrors.invalidArgument(
                                "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current"
                                        + " request has no timestamp parameter.");
                    }
                    yield new Position.AtTimestamp(timestamp);
                }
                case null -> throw KinesisErrors.validation(null, "shardIteratorType", "must not be null");
                default ->
                    throw KinesisErrors.validation(
                            type,
                            "shardIteratorType",
                            "must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP,"
                                    + " AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
            };
            return new ShardIterator(stream.name(), stream.created(), shard.index(), position, clock.instant())
                    .encode();
        });
    }

    /** Up to {@code limit} records from where {@code iterator} stands, and the iterator after them. */
    public Batch get(String iterator, int limit) {
        if (limit < 1 || limit > MAX_GET_RECORDS) {
            throw KinesisErrors.validation(
                    limit,
                    "limit",
                    "must have value " + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 10000"));
        }
        ShardIterator at = ShardIterator.decode(iterator);
        Instant now = clock.instant();
        if (at.expiredAt(now)) {
            throw KinesisErrors.expiredIterator(at.issued(), now, ShardIterator.VALIDITY);
        }
        return db.transaction(tx -> {
            Stream stream = streams.readable(tx, at.stream());
            if (!stream.created().equals(at.streamCreated())) {
                throw KinesisErrors.streamNotFound(at.stream(), streams.account());
            }
            Shard shard = store.shard(tx, stream.name(), at.shard())
                    .orElseThrow(() -> KinesisErrors.invalidArgument("Invalid ShardIterator."));
            Instant kept = now.minus(Duration.ofHours(stream.retentionHours()));
            List<StreamRecord> records = switch (at.position()) {
                case Position.After after ->
                    log.read(tx, stream.name(), shard.index(), after.position(), kept, limit, MAX_GET_BYTES);
                case Position.AtTimestamp ts ->
                    log.read(tx, stream.name(), shard.index(), 0, later(ts.at(), kept), limit, MAX_GET_BYTES);
            };
            Position next = records.isEmpty()
                    ? at.position()
                    : new Position.After(records.getLast().position());
            // nothing more to read now: every record was returned, or none was left
            boolean drained = records.isEmpty() || records.getLast().position() >= shard.lastPosition();
            boolean ended = drained && !shard.isOpen();
            String nextIterator = ended ? null : at.at(next, now).encode();
            long behind = drained
                    ? 0
                    : Math.max(
                            0,
                            Duration.between(records.getLast().arrival(), now).toMillis());
            List<Shard> children = ended
                    ? store.shards(tx, stream.name()).stream()
                            .filter(s -> Objects.equals(s.parent(), shard.index())
                                    || Objects.equals(s.adjacentParent(), shard.index()))
                            .toList()
                    : List.of();
            return new Batch(records, nextIterator, behind, shard.index(), children);
        });
    }

    /** Deletes every shard's records older than its stream's retention; returns how many. */
    public int trim() {
        Instant now = clock.instant();
        int trimmed = 0;
        String after = null;
        for (List<Stream> page = streams.list(after, 100); !page.isEmpty(); page = streams.list(after, 100)) {
            for (Stream stream : page) {
                Instant before = now.minus(Duration.ofHours(stream.retentionHours()));
                trimmed += db.transaction(tx -> {
                    int n = 0;
                    for (Shard shard : store.shards(tx, stream.name())) {
                        n += log.trim(tx, stream.name(), shard.index(), before);
                    }
                    return n;
                });
                after = stream.name();
            }
        }
        return trimmed;
    }

    private Shard shard(Transaction tx, Stream stream, String shardId) {
        int index = Shard.index(shardId);
        return (index < 0 ? Optional.<Shard>empty() : store.shard(tx, stream.name(), index))
                .orElseThrow(() -> KinesisErrors.shardNotFound(shardId, stream.name(), streams.account()));
    }

    private SequenceNumber sequence(Stream stream, Shard shard, String text) {
        if (text == null) {
            throw KinesisErrors.invalidArgument("Must specify StartingSequenceNumber for iterator of type"
                    + " AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER.");
        }
        SequenceNumber parsed = SequenceNumber.parse(text);
        if (parsed == null || parsed.shard() != shard.index() || parsed.position() > shard.lastPosition()) {
            throw KinesisErrors.invalidArgument("StartingSequenceNumber " + text + " used in GetShardIterator on shard "
                    + shard.id() + " in stream " + stream.name() + " under account " + streams.account()
                    + " is invalid.");
        }
        return parsed;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
