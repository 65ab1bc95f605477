package dev.lamina.kinesis.stream;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kinesis's streams: creating, describing, listing and deleting them, their retention and tags. Each
 * operation is one transaction on the node's store; a refused request changes nothing. Thread-safe
 * (the store serialises transactions).
 */
public final class Streams {
    /** The account's open shards, as AWS's default quota in us-east-1. */
    public static final int SHARD_LIMIT = 500;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final int MAX_TAGS = 50;

    private final Transactions db;
    private final StreamStore store;
    private final RecordLog log;
    private final InstantSource clock;
    private final Duration creating;
    private final String region;
    private final String account;

    /**
     * @param creating how long a new stream stays {@code CREATING} ({@link StreamState})
     */
    public Streams(
            Transactions db,
            StreamStore store,
            RecordLog log,
            InstantSource clock,
            Duration creating,
            String region,
            String account) {
        this.db = db;
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.creating = creating;
        this.region = region;
        this.account = account;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** A stream and its shards, as DescribeStream tells them. */
    public record Description(Stream stream, List<Shard> shards) {}

    /**
     * Creates a stream of {@code shardCount} shards ({@code null} for an on-demand stream, which gets
     * {@link StreamMode#ON_DEMAND_SHARDS}), {@code CREATING} for a while.
     */
    public Stream create(String name, Integer shardCount, StreamMode mode, Map<String, String> tags) {
        validName(name);
        if (mode == StreamMode.PROVISIONED && shardCount == null) {
            throw KinesisErrors.invalidArgument("ShardCount is missing for a stream in PROVISIONED mode.");
        }
        if (shardCount != null && shardCount < 1) {
            throw KinesisErrors.validation(shardCount, "shardCount", "must have value greater than or equal to 1");
        }
        checkTags(tags, 0);
        int shards = mode == StreamMode.ON_DEMAND ? StreamMode.ON_DEMAND_SHARDS : shardCount;
        Instant now = clock.instant();
        Stream stream = new Stream(
                name,
                now,
                mode,
                Stream.DEFAULT_RETENTION_HOURS,
                creating.isZero() ? new StreamState.Active() : new StreamState.Creating(now.plus(creating)),
                tags,
                shards);
        return db.transaction(tx -> {
            checkShardLimit(tx, shards);
            if (!store.create(tx, stream)) {
                throw KinesisErrors.streamExists(name, account);
            }
            List<HashKeyRange> ranges = HashKeyRange.split(shards);
            for (int i = 0; i < shards; i++) {
                store.put(tx, name, Shard.open(i, null, null, ranges.get(i), now));
            }
            return stream;
        });
    }

    /** The stream named {@code name} as of now; ResourceNotFoundException when there is none. */
    public Stream get(String name) {
        return db.transaction(tx -> get(tx, name));
    }

    /** {@link #get(String)} in the caller's transaction. */
    public Stream get(Transaction tx, String name) {
        validName(name);
        return store.find(tx, name)
                .map(s -> s.at(clock.instant()))
                .orElseThrow(() -> KinesisErrors.streamNotFound(name, account));
    }

    public Description describe(String name) {
        return db.transaction(tx -> new Description(get(tx, name), store.shards(tx, name)));
    }

    /** Up to {@code limit} streams after {@code after} by name, and one more if there is one. */
    public List<Stream> list(String after, int limit) {
        Instant now = clock.instant();
        return db.transaction(tx ->
                store.list(tx, after, limit + 1).stream().map(s -> s.at(now)).toList());
    }

    /** Deletes the stream, its shards and its records at once. */
    public void delete(String name) {
        db.transaction(tx -> {
            get(tx, name);
            log.deleteAll(tx, name);
            store.delete(tx, name);
            return null;
        });
    }

    /** Raises ({@code increase}) or lowers the stream's retention to {@code hours}. */
    public void retain(String name, int hours, boolean increase) {
        db.transaction(tx -> {
            Stream stream = active(tx, name);
            if (hours < Stream.DEFAULT_RETENTION_HOURS || hours > Stream.MAX_RETENTION_HOURS) {
                throw KinesisErrors.invalidArgument("Minimum allowed retention period is "
                        + Stream.DEFAULT_RETENTION_HOURS + " hours. Maximum allowed retention period is "
                        + Stream.MAX_RETENTION_HOURS + " hours.");
            }
            if (increase && hours < stream.retentionHours()) {
                throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + name + " can not be shorter than existing retention period (" + stream.retentionHours()
                        + " hours). Use DecreaseRetentionPeriod API.");
            }
            if (!increase && hours > stream.retentionHours()) {
                throw KinesisErrors.invalidArgument("Requested retention period (" + hours + " hours) for stream "
                        + name + " can not be longer than existing retention period (" + stream.retentionHours()
                        + " hours). Use IncreaseRetentionPeriod API.");
            }
            store.update(tx, stream.withRetention(hours));
            return null;
        });
    }

    /** Adds or replaces the stream's tags. */
    public void tag(String name, Map<String, String> tags) {
        db.transaction(tx -> {
            Stream stream = get(tx, name);
            Map<String, String> all = new HashMap<>(stream.tags());
            all.putAll(tags);
            checkTags(tags, all.size() - tags.size());
            store.update(tx, stream.withTags(all));
            return null;
        });
    }

    public void untag(String name, List<String> keys) {
        db.transaction(tx -> {
            Stream stream = get(tx, name);
            Map<String, String> all = new HashMap<>(stream.tags());
            keys.forEach(all::remove);
            store.update(tx, stream.withTags(all));
            return null;
        });
    }

    /**
     * Splits an open shard at {@code newStartingHashKey}: the shard closes after its last record
     * (keeping its records, with an EndingSequenceNumber) and two children take its hash keys, the
     * first up to one before the new key, the second from it. The stream is UPDATING for a while.
     */
    public void split(String name, String shardId, String newStartingHashKey) {
        db.transaction(tx -> {
            Stream stream = active(tx, name);
            Shard parent = openShard(tx, stream, shardId);
            BigInteger at = hashKey(newStartingHashKey);
            HashKeyRange range = parent.hashKeys();
            if (at.compareTo(range.start()) <= 0 || at.compareTo(range.end()) > 0) {
                throw KinesisErrors.invalidArgument("NewStartingHashKey " + newStartingHashKey
                        + " used in SplitShard() on shard " + shardId + " in stream " + name + " under account "
                        + account + " is not both greater than one plus the shard's StartingHashKey "
                        + range.start() + " and less than the shard's EndingHashKey " + range.end() + ".");
            }
            checkShardLimit(tx, 1);
            Instant now = clock.instant();
            int next = stream.nextShard();
            store.put(tx, name, parent.closed());
            store.put(
                    tx,
                    name,
                    Shard.open(
                            next,
                            parent.index(),
                            null,
                            new HashKeyRange(range.start(), at.subtract(BigInteger.ONE)),
                            now));
            store.put(tx, name, Shard.open(next + 1, parent.index(), null, new HashKeyRange(at, range.end()), now));
            store.update(tx, stream.resharded(next + 2, now.plus(creating)));
            return null;
        });
    }

    /**
     * Merges two open shards whose hash keys meet into one child that takes both ranges; both close
     * after their last records. The stream is UPDATING for a while.
     */
    public void merge(String name, String shardId, String adjacentShardId) {
        db.transaction(tx -> {
            Stream stream = active(tx, name);
            Shard first = openShard(tx, stream, shardId);
            Shard second = openShard(tx, stream, adjacentShardId);
            HashKeyRange a = first.hashKeys();
            HashKeyRange b = second.hashKeys();
            boolean adjacent = a.end().add(BigInteger.ONE).equals(b.start())
                    || b.end().add(BigInteger.ONE).equals(a.start());
            if (!adjacent) {
                throw KinesisErrors.invalidArgument(
                        "Shards " + shardId + " and " + adjacentShardId + " in stream " + name + " under account "
                                + account + " are not an adjacent pair of shards eligible for merging");
            }
            Instant now = clock.instant();
            HashKeyRange merged =
                    new HashKeyRange(a.start().min(b.start()), a.end().max(b.end()));
            store.put(tx, name, first.closed());
            store.put(tx, name, second.closed());
            store.put(tx, name, Shard.open(stream.nextShard(), first.index(), second.index(), merged, now));
            store.update(tx, stream.resharded(stream.nextShard() + 1, now.plus(creating)));
            return null;
        });
    }

    private Shard openShard(Transaction tx, Stream stream, String shardId) {
        int index = Shard.index(shardId);
        Shard shard = (index < 0 ? Optional.<Shard>empty() : store.shard(tx, stream.name(), index))
                .orElseThrow(() -> KinesisErrors.shardNotFound(shardId, stream.name(), account));
        if (!shard.isOpen()) {
            throw KinesisErrors.invalidArgument("Shard " + shardId + " in stream " + stream.name() + " under account "
                    + account + " has already been merged or split, and thus is not eligible for merging or"
                    + " splitting.");
        }
        return shard;
    }

    private static BigInteger hashKey(String text) {
        if (text == null || !text.matches("0|([1-9]\\d{0,38})")) {
            throw KinesisErrors.validation(
                    text, "newStartingHashKey", "must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
        }
        return new BigInteger(text);
    }

    private void checkShardLimit(Transaction tx, int more) {
        int open = store.openShards(tx);
        if (open + more > SHARD_LIMIT) {
            throw KinesisErrors.limitExceeded("This request would exceed the shard limit for the account " + account
                    + " in " + region + ". Current shard count for the account: " + open + ". Limit: " + SHARD_LIMIT
                    + ". Number of additional shards that would have resulted from this request: " + more + ".");
        }
    }

    /** The stream as of now, refusing one whose shards are still being made (CREATING). */
    public Stream readable(Transaction tx, String name) {
        Stream stream = get(tx, name);
        if (!stream.state().acceptsRecords()) {
            throw notActive(stream);
        }
        return stream;
    }

    /** The stream as of now, refusing one that is not ACTIVE (its shards are being made or changed). */
    Stream active(Transaction tx, String name) {
        Stream stream = get(tx, name);
        if (!(stream.state() instanceof StreamState.Active)) {
            throw notActive(stream);
        }
        return stream;
    }

    private AwsException notActive(Stream stream) {
        return KinesisErrors.inUse("Stream " + stream.name() + " under account " + account
                + " not ACTIVE, instead in state " + stream.state().status());
    }

    private static void checkTags(Map<String, String> tags, int others) {
        if (tags.size() + others > MAX_TAGS) {
            throw KinesisErrors.invalidArgument("A resource can have at most " + MAX_TAGS + " tags.");
        }
        List<String> bad = new ArrayList<>();
        tags.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 128 || v == null || v.length() > 256 || k.startsWith("aws:")) {
                bad.add(k);
            }
        });
        if (!bad.isEmpty()) {
            throw KinesisErrors.invalidArgument("Some tags contain invalid characters or are too long: " + bad);
        }
    }

    private static void validName(String name) {
        if (name == null) {
            throw KinesisErrors.validation(null, "streamName", "must not be null");
        }
        if (name.isEmpty() || name.length() > 128) {
            throw KinesisErrors.validation(
                    name, "streamName", "must have length less than or equal to 128 and greater than or equal to 1");
        }
        if (!NAME.matcher(name).matches()) {
            throw KinesisErrors.validation(
                    name, "streamName", "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }
}
