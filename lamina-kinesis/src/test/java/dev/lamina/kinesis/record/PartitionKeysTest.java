package dev.lamina.kinesis.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import dev.lamina.kinesis.stream.HashKeyRange;
import dev.lamina.kinesis.stream.Shard;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    private static List<Shard> shards(int n) {
        List<Shard> shards = new ArrayList<>();
        List<HashKeyRange> ranges = HashKeyRange.split(n);
        for (int i = 0; i < n; i++) {
            shards.add(Shard.open(i, null, null, ranges.get(i), Instant.EPOCH));
        }
        return shards;
    }

    @Test
    void aKeyHashesToItsMd5AsAnUnsignedNumber() {
        // md5("a") = 0cc175b9c0f1b6a831c399e269772661, md5("b") = 92eb5ffee6ae2fec3ad71c777531578f
        assertEquals(new BigInteger("0cc175b9c0f1b6a831c399e269772661", 16), PartitionKeys.hashKey("a"));
        assertEquals(new BigInteger("92eb5ffee6ae2fec3ad71c777531578f", 16), PartitionKeys.hashKey("b"));
        assertEquals(
                0, PartitionKeys.shardFor(shards(4), PartitionKeys.hashKey("a")).index());
        assertEquals(
                2, PartitionKeys.shardFor(shards(4), PartitionKeys.hashKey("b")).index());
    }

    @Test
    void anExplicitHashKeyPlacesTheRecordItself() {
        assertEquals(
                3,
                PartitionKeys.shardFor(shards(4), PartitionKeys.explicit(HashKeyRange.MAX.toString()))
                        .index());
        assertEquals(
                1,
                PartitionKeys.shardFor(shards(4), PartitionKeys.explicit("85070591730234615865843651857942052864"))
                        .index());
        assertEquals(
                0,
                PartitionKeys.shardFor(shards(4), PartitionKeys.explicit("0")).index());
    }

    @Test
    void aClosedShardTakesNothing() {
        List<Shard> shards = new ArrayList<>(shards(1));
        shards.set(0, shards.getFirst().closed());
        shards.add(Shard.open(1, 0, null, HashKeyRange.split(1).getFirst(), Instant.EPOCH));
        assertEquals(
                1, PartitionKeys.shardFor(shards, PartitionKeys.hashKey("a")).index());
    }

    @Test
    void aBadExplicitHashKeyIsRefused() {
        AwsException pattern = assertThrows(AwsException.class, () -> PartitionKeys.explicit("01"));
        assertEquals("ValidationException", pattern.code());
        AwsException range = assertThrows(
                AwsException.class,
                () -> PartitionKeys.explicit(
                        HashKeyRange.MAX.add(BigInteger.ONE).toString()));
        assertEquals("InvalidArgumentException", range.code());
        assertEquals(
                "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was"
                        + " 340282366920938463463374607431768211456",
                range.getMessage());
    }
}
