package dev.lamina.dynamodb.stream;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The reading side of DynamoDB Streams: ListStreams, DescribeStream, GetShardIterator and GetRecords
 * as domain operations. A record older than {@link StreamState#RETENTION} is never returned, and a
 * disabled stream is found for as long. Reads change nothing. Called on request threads.
 */
public final class StreamReader {
    /** The most GetRecords returns at once, as on AWS. */
    public static final int MAX_RECORDS = 1000;

    private final Transactions db;
    private final StreamStore store;
    private final InstantSource clock;

    public StreamReader(Transactions db, StreamStore store, InstantSource clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** A page of streams, and the last one's ARN when more may follow. */
    public record Streams(List<TableStream> streams, String lastEvaluated) {}

    public Streams list(String table, String afterArn, Integer limit) {
        checkLimit(limit, 100, "limit");
        int n = limit == null ? 100 : limit;
        Instant now = clock.instant();
        List<TableStream> found = db.transaction(tx -> store.list(tx, table, afterArn, Integer.MAX_VALUE)).stream()
                .filter(s -> s.state().readableAt(now))
                .limit(n + 1L)
                .toList();
        return found.size() > n
                ? new Streams(found.subList(0, n), found.get(n - 1).arn())
                : new Streams(found, null);
    }

    /** A stream and its shards. */
    public record Description(TableStream stream, List<StreamShard> shards) {}

    public Description describe(String arn, Integer limit) {
        checkLimit(limit, 100, "limit");
        return db.transaction(tx -> {
            TableStream stream = find(tx, arn);
            return new Description(stream, store.shards(tx, arn));
        });
    }

    /** An iterator for {@code shard} of the stream {@code arn}, of GetShardIterator's {@code type}. */
    public String iterator(String arn, String shard, String type, String sequenceNumber) {
        if (type == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'shardIteratorType' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        return db.transaction(tx -> {
            TableStream stream = find(tx, arn);
            StreamShard found = shard(tx, stream, shard);
            long after = switch (type) {
                case "TRIM_HORIZON" -> found.horizon();
                case "LATEST" -> found.open() ? stream.lastSequence() : found.last();
                case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                    if (sequenceNumber == null) {
                        throw AwsException.validation("Must specify SequenceNumber when ShardIteratorType is " + type);
                    }
                    long n = SequenceNumbers.parse(sequenceNumber);
                    long last = found.open() ? stream.lastSequence() : found.last();
                    if (n < found.first() || n > last) {
                        throw AwsException.validation(
                                "Invalid SequenceNumber: " + sequenceNumber + " for shard: " + shard);
                    }
                    if (n <= found.trimmedTo()) {
                        throw StreamErrors.trimmed();
                    }
                    yield type.equals("AT_SEQUENCE_NUMBER") ? n - 1 : n;
                }
                default ->
                    throw AwsException.validation("1 validation error detected: Value '" + type
                            + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value"
                            + " set: [AFTER_SEQUENCE_NUMBER, AT_SEQUENCE_NUMBER, LATEST, TRIM_HORIZON]");
            };
            return new StreamIterator(arn, shard, after, clock.instant()).encode();
        });
    }

    /**
     * What GetRecords answers: the records (their JSON) and the iterator to continue with;
     * {@code next} is {@code null} when the shard is closed and read to its end.
     */
    public record Page(List<StreamStore.Stored> records, String next) {}

    public Page records(String iteratorText, Integer limit) {
        if (iteratorText == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'shardIterator' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        checkLimit(limit, MAX_RECORDS, "limit");
        StreamIterator iterator = StreamIterator.decode(iteratorText);
        Instant now = clock.instant();
        if (iterator.expiredAt(now)) {
            throw StreamErrors.expired(iterator.issued(), now);
        }
        return db.transaction(tx -> {
            StreamShard shard = shard(tx, find(tx, iterator.stream()), iterator.shard());
            List<StreamStore.Stored> records =
                    read(tx, iterator.stream(), shard, iterator.after(), limit == null ? MAX_RECORDS : limit, now);
            long position =
                    records.isEmpty() ? iterator.after() : records.getLast().sequence();
            boolean ended = !shard.open() && position >= shard.last();
            return new Page(
                    records, ended ? null : iterator.after(position, now).encode());
        });
    }

    /** The stream {@code arn}, if it exists and is readable. */
    public java.util.Optional<TableStream> find(String arn) {
        Instant now = clock.instant();
        return db.transaction(tx -> store.find(tx, arn)).filter(s -> s.state().readableAt(now));
    }

    /**
     * Up to {@code limit} records of {@code shard} after {@code after} ({@code null}: from the trim
     * horizon), as GetRecords reads them; TrimmedDataAccessException when retention removed records
     * after {@code after}.
     */
    public List<StreamStore.Stored> read(String arn, String shard, Long after, int limit) {
        checkLimit(limit, MAX_RECORDS, "limit");
        Instant now = clock.instant();
        return db.transaction(tx -> {
            StreamShard found = shard(tx, find(tx, arn), shard);
            return read(tx, arn, found, after == null ? found.horizon() : after, limit, now);
        });
    }

    private List<StreamStore.Stored> read(
            Transaction tx, String arn, StreamShard shard, long after, int limit, Instant now) {
        if (after < shard.trimmedTo()) {
            throw StreamErrors.trimmed();
        }
        return store.read(tx, arn, shard.id(), after, now.minus(StreamState.RETENTION), limit);
    }

    private TableStream find(Transaction tx, String arn) {
        if (arn == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'streamArn' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        Instant now = clock.instant();
        return store.find(tx, arn).filter(s -> s.state().readableAt(now)).orElseThrow(() -> StreamErrors.noStream(arn));
    }

    private StreamShard shard(Transaction tx, TableStream stream, String id) {
        if (id == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'shardId' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        return store.shards(tx, stream.arn()).stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> StreamErrors.noShard(stream.arn(), id));
    }

    /** Trims records past retention and streams disabled longer; answers how many records went. */
    public int trim() {
        Instant cutoff = clock.instant().minus(StreamState.RETENTION);
        return db.transaction(tx -> store.trim(tx, cutoff));
    }

    private static void checkLimit(Integer limit, int max, String field) {
        if (limit != null && (limit < 1 || limit > max)) {
            throw AwsException.validation("1 validation error detected: Value '" + limit + "' at '" + field
                    + "' failed to satisfy constraint: Member must have value "
                    + (limit < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
        }
    }
}
