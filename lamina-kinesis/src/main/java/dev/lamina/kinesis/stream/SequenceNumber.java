package dev.lamina.kinesis.stream;

import java.math.BigInteger;

/**
 * A record's sequence number: its shard and its place in the shard's log ({@code position}, 1 for the
 * first record; 0 marks the shard's start). Written as Kinesis writes them, 56 decimal digits:
 * {@code 49}, the shard's index in 12 digits, the position in 42. Within a shard later records have
 * larger numbers; a child shard's (made by a split or merge, with a larger index) are larger than its
 * parents'. Since every number has 56 digits, comparing them as text or as big integers agrees.
 *
 * <p>Example: the third record of {@code shardId-000000000001} is
 * {@code 49000000000001000000000000000000000000000000000000000003}.
 */
public record SequenceNumber(int shard, long position) implements Comparable<SequenceNumber> {
    private static final int DIGITS = 56;

    public SequenceNumber {
        if (shard < 0 || position < 0) {
            throw new IllegalArgumentException("a sequence number counts from 0");
        }
    }

    /**
     * The number {@code text} writes, or {@code null} when it is not one of this node's (not 56 digits
     * starting with {@code 49}, or beyond the counters' range).
     */
    public static SequenceNumber parse(String text) {
        if (text == null
                || text.length() != DIGITS
                || !text.startsWith("49")
                || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        BigInteger shard = new BigInteger(text.substring(2, 14));
        BigInteger position = new BigInteger(text.substring(14));
        return shard.bitLength() < 31 && position.bitLength() < 63
                ? new SequenceNumber(shard.intValue(), position.longValue())
                : null;
    }

    @Override
    public String toString() {
        return "49" + String.format("%012d", shard) + String.format("%042d", position);
    }

    @Override
    public int compareTo(SequenceNumber other) {
        int byShard = Integer.compare(shard, other.shard);
        return byShard != 0 ? byShard : Long.compare(position, other.position);
    }
}
