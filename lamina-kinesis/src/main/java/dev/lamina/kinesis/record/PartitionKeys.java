package dev.lamina.kinesis.record;

import dev.lamina.kinesis.stream.HashKeyRange;
import dev.lamina.kinesis.stream.KinesisErrors;
import dev.lamina.kinesis.stream.Shard;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which shard takes a record: Kinesis hashes its partition key with MD5 and reads the digest as an
 * unsigned 128-bit integer (or takes the record's ExplicitHashKey instead), and the open shard whose
 * range holds that number takes it. Example: {@code "a"} hashes to
 * {@code 0cc175b9c0f1b6a831c399e269772661}, 16955237001963240173058271559858726497, which is in the
 * first of four shards' ranges (those end at 85070591730234615865843651857942052863).
 */
public final class PartitionKeys {
    private static final Pattern HASH_KEY = Pattern.compile("0|([1-9]\\d{0,38})");

    private PartitionKeys() {}

    /** The hash key of {@code partitionKey}: its UTF-8 bytes' MD5 digest, unsigned. */
    public static BigInteger hashKey(String partitionKey) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return new BigInteger(1, md5.digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /**
     * An ExplicitHashKey as given: a ValidationException when it is not a decimal number, an
     * InvalidArgumentException when it is beyond {@code 2^128 - 1}.
     */
    public static BigInteger explicit(String text) {
        if (!HASH_KEY.matcher(text).matches()) {
            throw KinesisErrors.validation(
                    text, "explicitHashKey", "must satisfy regular expression pattern: 0|([1-9]\\d{0,38})");
        }
        BigInteger key = new BigInteger(text);
        if (key.compareTo(HashKeyRange.MAX) > 0) {
            throw KinesisErrors.invalidArgument(
                    "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "
                            + text);
        }
        return key;
    }

    /** The open shard among {@code shards} whose range holds {@code hashKey}. */
    public static Shard shardFor(List<Shard> shards, BigInteger hashKey) {
        for (Shard shard : shards) {
            if (shard.isOpen() && shard.hashKeys().contains(hashKey)) {
                return shard;
            }
        }
        // the open shards of a stream always cover the whole space
        throw new IllegalStateException("no open shard takes hash key " + hashKey);
    }
}
