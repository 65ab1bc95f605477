package dev.lamina.dynamodb.attribute;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Key values as bytes whose unsigned order ({@code memcmp}, SQLite's order of BLOBs) is DynamoDB's
 * order of range keys: strings by their UTF-8 bytes, binaries by their bytes, numbers by value. A key
 * attribute has one declared type, so the bytes carry no type tag.
 *
 * <p>A number is a sign byte ({@code 0x00} negative, {@code 0x01} zero, {@code 0x02} positive), then
 * for a positive one its decimal exponent (the position of its first significant digit, biased by
 * {@code 0x8000}, two bytes big-endian) and its significant digits as ASCII without trailing zeros; a
 * negative one has both complemented (so a larger magnitude sorts first) and ends with {@code 0xFF}
 * (so {@code -1.25} sorts before {@code -1.2}, whose digits are a prefix). Worked example: {@code 12.5}
 * is {@code 02 80 01 '1' '2' '5'}; {@code 3} is {@code 02 80 00 '3'}, smaller because its exponent is;
 * {@code -3} is {@code 00 7F FF CC FF}.
 */
public final class KeyEncoding {
    private KeyEncoding() {}

    /** The bytes of a key value; only {@code S}, {@code N} and {@code B} can be keys. */
    public static byte[] encode(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> s.value().getBytes(StandardCharsets.UTF_8);
            case AttributeValue.B b -> b.value().bytes();
            case AttributeValue.N n -> number(n.value());
            default -> throw new IllegalArgumentException("not a key type: " + value.type());
        };
    }

    /** The value {@code bytes} encode, for a key of {@code type}. */
    public static AttributeValue decode(String type, byte[] bytes) {
        return switch (type) {
            case "S" -> new AttributeValue.S(new String(bytes, StandardCharsets.UTF_8));
            case "B" -> new AttributeValue.B(new AttributeValue.Binary(bytes));
            case "N" -> new AttributeValue.N(decodeNumber(bytes));
            default -> throw new IllegalArgumentException("not a key type: " + type);
        };
    }

    static byte[] number(BigDecimal n) {
        n = Numbers.canonical(n);
        if (n.signum() == 0) {
            return new byte[] {1};
        }
        String digits = n.unscaledValue().abs().toString();
        int exponent = n.precision() - n.scale() - 1 + 0x8000;
        boolean negative = n.signum() < 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(digits.length() + 4);
        out.write(negative ? 0 : 2);
        out.write(flip(exponent >>> 8, negative));
        out.write(flip(exponent & 0xFF, negative));
        for (int i = 0; i < digits.length(); i++) {
            out.write(flip(digits.charAt(i), negative));
        }
        if (negative) {
            out.write(0xFF);
        }
        return out.toByteArray();
    }

    private static BigDecimal decodeNumber(byte[] bytes) {
        if (bytes[0] == 1) {
            return BigDecimal.ZERO;
        }
        boolean negative = bytes[0] == 0;
        int exponent = ((flip(bytes[1] & 0xFF, negative) << 8) | flip(bytes[2] & 0xFF, negative)) - 0x8000;
        int end = negative ? bytes.length - 1 : bytes.length;
        StringBuilder digits = new StringBuilder(end - 3);
        for (int i = 3; i < end; i++) {
            digits.append((char) flip(bytes[i] & 0xFF, negative));
        }
        BigDecimal unscaled =
                new BigDecimal(new java.math.BigInteger(digits.toString()), digits.length() - 1 - exponent);
        return negative ? unscaled.negate() : unscaled;
    }

    private static int flip(int b, boolean negative) {
        return negative ? 0xFF - b : b;
    }
}
