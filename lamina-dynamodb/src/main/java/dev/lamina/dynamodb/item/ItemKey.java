package dev.lamina.dynamodb.item;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An item's key as stored: the order-preserving bytes of its hash and range key values (the range
 * empty for a table without one).
 */
public record ItemKey(byte[] hash, byte[] range) {
    public ItemKey {
        hash = hash.clone();
        range = range.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public byte[] range() {
        return range.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey k && Arrays.equals(hash, k.hash) && Arrays.equals(range, k.range);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hash) + Arrays.hashCode(range);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(hash) + "/" + HexFormat.of().formatHex(range);
    }
}
