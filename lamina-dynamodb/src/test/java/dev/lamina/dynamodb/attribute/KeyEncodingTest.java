package dev.lamina.dynamodb.attribute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Key bytes sort as DynamoDB sorts range keys, and decode to the value they encode. */
class KeyEncodingTest {

    private static byte[] number(String text) {
        return KeyEncoding.encode(new AttributeValue.N(new BigDecimal(text)));
    }

    @Test
    void numbersSortByValueAcrossSignsExponentsAndPrefixes() {
        List<String> ascending = List.of(
                "-9.9999999999999999999999999999999999999E+125",
                "-100",
                "-12.5",
                "-10",
                "-9.99",
                "-1.25",
                "-1.2",
                "-1",
                "-0.001",
                "-1E-130",
                "0",
                "1E-130",
                "0.001",
                "0.5",
                "1",
                "1.2",
                "1.25",
                "2",
                "10",
                "12.5",
                "99",
                "100",
                "12345678901234567890123456789012345678",
                "9.9999999999999999999999999999999999999E+125");
        List<String> shuffled = new ArrayList<>(ascending.reversed());
        shuffled.sort(Comparator.comparing(KeyEncodingTest::number, Arrays::compareUnsigned));
        assertEquals(ascending, shuffled);
    }

    @Test
    void randomNumbersSortByValueAndComeBackWhole() {
        SplittableRandom random = new SplittableRandom(15);
        List<BigDecimal> numbers = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            BigInteger unscaled = BigInteger.valueOf(random.nextLong()).shiftRight(random.nextInt(64));
            numbers.add(new BigDecimal(unscaled, random.nextInt(-40, 40)));
        }
        for (BigDecimal n : numbers) {
            AttributeValue value = new AttributeValue.N(n);
            assertEquals(value, KeyEncoding.decode("N", KeyEncoding.encode(value)), n.toString());
        }
        for (int i = 0; i + 1 < numbers.size(); i++) {
            BigDecimal a = numbers.get(i);
            BigDecimal b = numbers.get(i + 1);
            assertEquals(
                    Integer.signum(a.compareTo(b)),
                    Integer.signum(Arrays.compareUnsigned(number(a.toString()), number(b.toString()))),
                    a + " against " + b);
        }
    }

    @Test
    void stringsSortByTheirUtf8BytesNotByUtf16() {
        // U+FFFF is above U+1F600's first UTF-16 unit, but below it in UTF-8, which DynamoDB compares
        byte[] high = KeyEncoding.encode(new AttributeValue.S("\uFFFF"));
        byte[] emoji = KeyEncoding.encode(new AttributeValue.S("😀"));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(high, emoji)));
        assertEquals(-1, Integer.signum("😀".compareTo("\uFFFF")));
        assertEquals(new AttributeValue.S("é😀"), KeyEncoding.decode("S", "é😀".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void binariesSortUnsigned() {
        byte[] low = KeyEncoding.encode(new AttributeValue.B(new AttributeValue.Binary(new byte[] {0x7F})));
        byte[] high = KeyEncoding.encode(new AttributeValue.B(new AttributeValue.Binary(new byte[] {(byte) 0x80})));
        assertEquals(-1, Integer.signum(Arrays.compareUnsigned(low, high)));
    }
}
