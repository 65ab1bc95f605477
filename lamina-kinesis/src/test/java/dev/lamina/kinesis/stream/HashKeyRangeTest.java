package dev.lamina.kinesis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashKeyRangeTest {
    private static HashKeyRange range(String start, String end) {
        return new HashKeyRange(new BigInteger(start), new BigInteger(end));
    }

    @Test
    void oneShardTakesTheWholeSpace() {
        assertEquals(List.of(range("0", "340282366920938463463374607431768211455")), HashKeyRange.split(1));
    }

    @Test
    void fourShardsSplitTheSpaceAsKinesisDoes() {
        assertEquals(
                List.of(
                        range("0", "85070591730234615865843651857942052863"),
                        range("85070591730234615865843651857942052864", "170141183460469231731687303715884105727"),
                        range("170141183460469231731687303715884105728", "255211775190703847597530955573826158591"),
                        range("255211775190703847597530955573826158592", "340282366920938463463374607431768211455")),
                HashKeyRange.split(4));
    }

    @Test
    void threeShardsGiveTheRemainderToTheLast() {
        assertEquals(
                List.of(
                        range("0", "113427455640312821154458202477256070484"),
                        range("113427455640312821154458202477256070485", "226854911280625642308916404954512140969"),
                        range("226854911280625642308916404954512140970", "340282366920938463463374607431768211455")),
                HashKeyRange.split(3));
    }

    @Test
    void rangesMeetWithoutGapsOrOverlaps() {
        List<HashKeyRange> ranges = HashKeyRange.split(7);
        assertEquals(BigInteger.ZERO, ranges.getFirst().start());
        assertEquals(HashKeyRange.MAX, ranges.getLast().end());
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(
                    ranges.get(i - 1).end().add(BigInteger.ONE), ranges.get(i).start());
        }
        assertTrue(ranges.get(1).contains(ranges.get(1).end()));
        assertFalse(ranges.get(1).contains(ranges.get(2).start()));
    }
}
