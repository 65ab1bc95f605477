package dev.lamina.kinesis;

import dev.lamina.kinesis.record.Records;
import dev.lamina.kinesis.stream.RecordLog;
import dev.lamina.kinesis.stream.SequenceNumber;
import dev.lamina.kinesis.stream.Shard;
import dev.lamina.kinesis.stream.Stream;
import dev.lamina.kinesis.stream.StreamRecord;
import dev.lamina.kinesis.stream.StreamStore;
import dev.lamina.spi.kinesis.DataStreams;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's streams as Lambda's event source mappings see them ({@link DataStreams}): each call is
 * one read of the same tables GetRecords reads, so a mapping sees exactly what a consumer would.
 */
final class KinesisDataStreams implements DataStreams {
    private final Transactions db;
    private final StreamStore store;
    private final RecordLog log;
    private final InstantSource clock;
    private final String prefix;
    /** Stream name → who is told of its puts. */
    private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

    KinesisDataStreams(
            Transactions db, StreamStore store, RecordLog log, InstantSource clock, String region, String account) {
        this.db = db;
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.prefix = "arn:aws:kinesis:" + region + ":" + account + ":stream/";
    }

    @Override
    public Optional<DataStreams.StreamRef> stream(String streamArn) {
        String name = name(streamArn);
        if (name == null) {
            return Optional.empty();
        }
        return db.transaction(tx ->
                store.find(tx, name).map(s -> new DataStreams.StreamRef(prefix + s.name(), s.name())));
    }

    @Override
    public List<DataStreams.ShardRef> shards(String streamArn) {
        String name = name(streamArn);
        if (name == null) {
            return List.of();
        }
        List<Shard> shards = db.transaction(tx -> store.shards(tx, name));
        List<DataStreams.ShardRef> out = new ArrayList<>(shards.size());
        for (Shard s : shards) { // by index: a child's index is larger than its parents'
            SequenceNumber end = s.endingSequence();
            out.add(new DataStreams.ShardRef(
                    s.id(),
                    s.parent() == null ? null : Shard.id(s.parent()),
                    s.adjacentParent() == null ? null : Shard.id(s.adjacentParent()),
                    s.startingSequence().toString(),
                    end == null ? null : end.toString()));
        }
        return out;
    }

    @Override
    public List<DataStreams.Record> read(String streamArn, String shardId, String after, int limit) {
        String name = name(streamArn);
        int index = Shard.index(shardId);
        SequenceNumber from = SequenceNumber.parse(after);
        if (name == null || index < 0 || from == null || from.shard() != index) {
            return List.of();
        }
        List<StreamRecord> records = db.transaction(tx -> {
            Optional<Stream> stream = store.find(tx, name);
            if (stream.isEmpty()) {
                return List.<StreamRecord>of();
            }
            Instant oldest = clock.instant().minus(Duration.ofHours(stream.get().retentionHours()));
            return log.read(tx, name, index, from.position(), oldest, limit, Records.MAX_GET_BYTES);
        });
        List<DataStreams.Record> out = new ArrayList<>(records.size());
        for (StreamRecord r : records) {
            out.add(new DataStreams.Record(
                    new SequenceNumber(index, r.position()).toString(), r.arrival(), r.partitionKey(), r.data()));
        }
        return out;
    }

    @Override
    public String latest(String streamArn, String shardId) {
        int index = Shard.index(shardId);
        long last = shard(streamArn, index).map(Shard::lastPosition).orElse(0L);
        return new SequenceNumber(Math.max(index, 0), last).toString();
    }

    @Override
    public String before(String streamArn, String shardId, Instant timestamp) {
        String name = name(streamArn);
        int index = Shard.index(shardId);
        if (name == null || index < 0) {
            return new SequenceNumber(Math.max(index, 0), 0).toString();
        }
        long position = db.transaction(tx -> {
            List<StreamRecord> first = log.read(tx, name, index, 0, timestamp, 1, Long.MAX_VALUE);
            if (!first.isEmpty()) {
                return first.getFirst().position() - 1;
            }
            return shard(tx, name, index).map(Shard::lastPosition).orElse(0L);
        });
        return new SequenceNumber(index, position).toString();
    }

    private Optional<Shard> shard(String streamArn, int index) {
        String name = name(streamArn);
        if (name == null || index < 0) {
            return Optional.empty();
        }
        return db.transaction(tx -> shard(tx, name, index));
    }

    private Optional<Shard> shard(Transaction tx, String name, int index) {
        return store.shard(tx, name, index);
    }

    @Override
    public AutoCloseable subscribe(String streamArn, Runnable listener) {
        String name = name(streamArn);
        if (name == null) {
            return () -> {};
        }
        listeners.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(listener);
        return () -> listeners.computeIfPresent(name, (n, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells the stream's listeners that records were put to it. */
    void put(String streamName) {
        Set<Runnable> set = listeners.get(streamName);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    /** The stream name an ARN of this node's region and account names, or {@code null}. */
    private String name(String arn) {
        if (arn == null || !arn.startsWith(prefix) || arn.length() == prefix.length()) {
            return null;
        }
        return arn.substring(prefix.length());
    }
}
