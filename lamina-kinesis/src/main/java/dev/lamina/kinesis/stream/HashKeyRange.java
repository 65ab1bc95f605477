package dev.lamina.kinesis.stream;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash keys a shard takes: from {@code start} to {@code end}, both included, within the 128-bit
 * space of MD5 digests.
 *
 * <p>{@link #split} divides the space as Kinesis does when a stream is created: each of {@code n}
 * shards starts at {@code i * floor(2^128 / n)} and ends one before the next, the last at
 * {@code 2^128 - 1}. For 3 shards: 0–113427455640312821154458202477256070484,
 * 113427455640312821154458202477256070485–226854911280625642308916404954512140969, and
 * 226854911280625642308916404954512140970–340282366920938463463374607431768211455.
 */
public record HashKeyRange(BigInteger start, BigInteger end) {
    /** The largest hash key, {@code 2^128 - 1}. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    public HashKeyRange {
        if (start.signum() < 0 || end.compareTo(MAX) > 0 || start.compareTo(end) > 0) {
            throw new IllegalArgumentException("not a range of hash keys: " + start + "-" + end);
        }
    }

    /** The whole space in {@code n} ranges, as Kinesis divides it for a new stream of {@code n} shards. */
    public static List<HashKeyRange> split(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a stream has at least one shard");
        }
        BigInteger width = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(n));
        List<HashKeyRange> ranges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger from = width.multiply(BigInteger.valueOf(i));
            BigInteger to =
                    i == n - 1 ? MAX : width.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
            ranges.add(new HashKeyRange(from, to));
        }
        return ranges;
    }

    public boolean contains(BigInteger hashKey) {
        return start.compareTo(hashKey) <= 0 && hashKey.compareTo(end) <= 0;
    }
}
