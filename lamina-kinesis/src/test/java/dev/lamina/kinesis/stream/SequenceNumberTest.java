package dev.lamina.kinesis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceNumberTest {
    @Test
    void isFiftySixDigitsNamingShardAndPosition() {
        String text = new SequenceNumber(1, 3).toString();
        assertEquals("49000000000001000000000000000000000000000000000000000003", text);
        assertEquals(56, text.length());
        assertEquals(new SequenceNumber(1, 3), SequenceNumber.parse(text));
    }

    @Test
    void ordersAlikeAsNumbersTextAndRecords() {
        List<SequenceNumber> numbers = new ArrayList<>(List.of(
                new SequenceNumber(0, 10),
                new SequenceNumber(2, 1),
                new SequenceNumber(0, 9),
                new SequenceNumber(1, Long.MAX_VALUE),
                new SequenceNumber(0, 0)));
        List<SequenceNumber> byRecord = numbers.stream().sorted().toList();
        assertEquals(
                byRecord,
                numbers.stream()
                        .sorted(Comparator.comparing(n -> new BigInteger(n.toString())))
                        .toList());
        assertEquals(
                byRecord,
                numbers.stream()
                        .sorted(Comparator.comparing(SequenceNumber::toString))
                        .toList());
        assertEquals(new SequenceNumber(0, 0), byRecord.getFirst());
        assertTrue(new BigInteger(new SequenceNumber(0, 2).toString())
                        .compareTo(new BigInteger(new SequenceNumber(0, 1).toString()))
                > 0);
    }

    @Test
    void whatIsNotANodesNumberParsesToNull() {
        assertNull(SequenceNumber.parse("12"));
        assertNull(SequenceNumber.parse(null));
        assertNull(SequenceNumber.parse("39000000000001000000000000000000000000000000000000000003"));
        assertNull(SequenceNumber.parse("4900000000000100000000000000000000000000000000000000000x"));
        assertNull(SequenceNumber.parse("49000000000001999999999999999999999999999999999999999999"));
    }
}
