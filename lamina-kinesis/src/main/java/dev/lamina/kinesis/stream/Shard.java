package dev.lamina.kinesis.stream;

import java.time.Instant;

/**
 * One shard of a stream: its index (its id is {@code shardId-} and the index in 12 digits), the
 * shards it was made from, its hash keys, and where its log stands: the position of its last record
 * ({@code 0} before the first) and when that record arrived, and, once a split or merge closed it,
 * the position it closed at (no record is added after it).
 */
public record Shard(
        int index,
        Integer parent,
        Integer adjacentParent,
        HashKeyRange hashKeys,
        long lastPosition,
        Instant lastArrival,
        Long closedAt) {

    public Shard {
        if (index < 0 || lastPosition < 0) {
            throw new IllegalArgumentException("a shard's index and positions count from 0");
        }
    }

    /** A new open shard with an empty log. */
    public static Shard open(int index, Integer parent, Integer adjacentParent, HashKeyRange hashKeys, Instant now) {
        return new Shard(index, parent, adjacentParent, hashKeys, 0, now, null);
    }

    public static String id(int index) {
        return String.format("shardId-%012d", index);
    }

    /** The index a shard id names, or -1 when it names none. */
    public static int index(String id) {
        if (id == null || !id.matches("shardId-\\d{12}")) {
            return -1;
        }
        long index = Long.parseLong(id.substring(8));
        return index > Integer.MAX_VALUE ? -1 : (int) index;
    }

    public String id() {
        return id(index);
    }

    public boolean isOpen() {
        return closedAt == null;
    }

    public SequenceNumber startingSequence() {
        return new SequenceNumber(index, 0);
    }

    /** The last sequence number a closed shard holds (its start if it held none); null while open. */
    public SequenceNumber endingSequence() {
        return closedAt == null ? null : new SequenceNumber(index, closedAt);
    }

    /** This shard with {@code count} more records, the last arrived at {@code arrival}. */
    public Shard appended(int count, Instant arrival) {
        return new Shard(index, parent, adjacentParent, hashKeys, lastPosition + count, arrival, closedAt);
    }

    /** This shard closed after its last record. */
    public Shard closed() {
        return new Shard(index, parent, adjacentParent, hashKeys, lastPosition, lastArrival, lastPosition);
    }
}
