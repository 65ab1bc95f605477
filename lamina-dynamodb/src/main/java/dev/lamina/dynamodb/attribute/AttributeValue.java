package dev.lamina.dynamodb.attribute;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, of one of its ten types. Values are immutable; a number is kept as the
 * {@link BigDecimal} it denotes (compared numerically), so {@code 1.50} and {@code 1.5} are equal and
 * both come back as {@code 1.5}, as DynamoDB answers. Sets are never empty and hold no duplicates
 * ({@link AttributeDocuments} refuses both, as DynamoDB does).
 */
public sealed interface AttributeValue {

    /** The type's name on the wire: {@code S}, {@code N}, {@code SS}, ... */
    String type();

    /**
     * The bytes DynamoDB counts for the value (its item size rules): strings and binaries their
     * length, a number about one byte per two significant digits plus one, {@code BOOL} and
     * {@code NULL} one, a list or map three plus its elements (and a map its names).
     */
    int size();

    record S(String value) implements AttributeValue {
        public String type() {
            return "S";
        }

        public int size() {
            return utf8(value);
        }
    }

    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = Numbers.canonical(value);
        }

        public String type() {
            return "N";
        }

        /** The number as DynamoDB writes it back: no exponent, no trailing zeros. */
        public String text() {
            return value.toPlainString();
        }

        public int size() {
            return Numbers.size(value);
        }
    }

    record B(Binary value) implements AttributeValue {
        public String type() {
            return "B";
        }

        public int size() {
            return value.bytes().length;
        }
    }

    record Bool(boolean value) implements AttributeValue {
        public String type() {
            return "BOOL";
        }

        public int size() {
            return 1;
        }
    }

    record Null() implements AttributeValue {
        public String type() {
            return "NULL";
        }

        public int size() {
            return 1;
        }
    }

    record M(Map<String, AttributeValue> value) implements AttributeValue {
        public M {
            value = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(value));
        }

        public String type() {
            return "M";
        }

        public int size() {
            return 3 + itemSize(value);
        }
    }

    record L(List<AttributeValue> value) implements AttributeValue {
        public L {
            value = List.copyOf(value);
        }

        public String type() {
            return "L";
        }

        public int size() {
            int size = 3;
            for (AttributeValue v : value) {
                size += 1 + v.size();
            }
            return size;
        }
    }

    record SS(Set<String> value) implements AttributeValue {
        public SS {
            value = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "SS";
        }

        public int size() {
            return value.stream().mapToInt(AttributeValue::utf8).sum();
        }
    }

    record NS(Set<BigDecimal> value) implements AttributeValue {
        public NS {
            LinkedHashSet<BigDecimal> canonical = new LinkedHashSet<>();
            value.forEach(n -> canonical.add(Numbers.canonical(n)));
            value = java.util.Collections.unmodifiableSet(canonical);
        }

        public String type() {
            return "NS";
        }

        public int size() {
            return value.stream().mapToInt(Numbers::size).sum();
        }
    }

    record BS(Set<Binary> value) implements AttributeValue {
        public BS {
            value = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(value));
        }

        public String type() {
            return "BS";
        }

        public int size() {
            return value.stream().mapToInt(b -> b.bytes().length).sum();
        }
    }

    /** Bytes compared by content, unsigned, as DynamoDB orders binary keys. */
    record Binary(byte[] bytes) implements Comparable<Binary> {
        public Binary {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Binary other) {
            return Arrays.compareUnsigned(bytes, other.bytes);
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(bytes);
        }
    }

    /** An item's size by DynamoDB's rules: each attribute's name and value. */
    public static int itemSize(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + e.getValue().size();
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
