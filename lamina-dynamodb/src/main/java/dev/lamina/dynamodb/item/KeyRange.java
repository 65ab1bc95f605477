package dev.lamina.dynamodb.item;

/**
 * A range of range-key bytes, each bound inclusive or not; {@code null} for no bound. What a Query's
 * key condition on the range key becomes: {@code sk > :v} is {@code (v, none)}, {@code begins_with}
 * is {@code [prefix, next prefix)}.
 */
public record KeyRange(byte[] low, boolean lowInclusive, byte[] high, boolean highInclusive) {
    public static final KeyRange ALL = new KeyRange(null, false, null, false);

    /** Values starting with {@code prefix}: from it up to, not including, the next prefix. */
    public static KeyRange prefix(byte[] prefix) {
        byte[] next = prefix.clone();
        int i = next.length - 1;
        while (i >= 0 && next[i] == (byte) 0xFF) {
            i--;
        }
        if (i < 0) {
            return new KeyRange(prefix, true, null, false);
        }
        next[i]++;
        return new KeyRange(prefix, true, java.util.Arrays.copyOf(next, i + 1), false);
    }
}
