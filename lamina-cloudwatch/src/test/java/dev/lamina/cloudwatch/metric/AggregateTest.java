package dev.lamina.cloudwatch.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AggregateTest {
    @Test
    void basicStatisticsAreExactAndPercentilesWithinABucket() {
        Aggregate a = new Aggregate();
        for (int v = 1; v <= 100; v++) {
            a.add(v, 1);
        }
        assertEquals(100, a.count());
        assertEquals(5050, a.sum());
        assertEquals(1, a.min());
        assertEquals(100, a.max());
        assertEquals(50.5, a.average());
        assertEquals(1, a.percentile(0));
        assertEquals(100, a.percentile(100));
        for (double p : new double[] {50, 90, 99}) {
            double estimate = a.percentile(p);
            assertTrue(Math.abs(estimate - p) / p < 0.1, p + " -> " + estimate);
        }
    }

    @Test
    void theHeaderExampleHolds() {
        Aggregate a = new Aggregate().add(10, 1).add(20, 1).add(30, 1).add(40, 1);
        assertEquals(17, Histogram.bucket(20));
        assertEquals(Math.pow(2, 17.5 / 4), a.percentile(50), 1e-9);
    }

    @Test
    void countsWeighValuesAndZeroAndNegativesShareABucket() {
        Aggregate a = new Aggregate().add(0, 3).add(-2, 1).add(8, 1);
        assertEquals(5, a.count());
        assertEquals(6, a.sum());
        assertEquals(-2, a.min());
        assertEquals(-2, a.percentile(50)); // the non-positive bucket stands for the minimum
        assertEquals(8, a.percentile(100));
    }

    @Test
    void aStatisticSetCountsAtItsMeanForPercentiles() {
        Aggregate a = new Aggregate().addSet(4, 40, 1, 30);
        assertEquals(4, a.count());
        assertEquals(10, a.average());
        double p50 = a.percentile(50);
        assertTrue(p50 > 9 && p50 < 11, String.valueOf(p50));
    }

    @Test
    void mergingAddsCountsAndWidensBounds() {
        Aggregate a = Aggregate.of(5).merge(Aggregate.of(7)).merge(new Aggregate().add(1, 2));
        assertEquals(4, a.count());
        assertEquals(14, a.sum());
        assertEquals(1, a.min());
        assertEquals(7, a.max());
        assertEquals(7, a.statistic(new Statistic.Basic("Maximum")));
        assertEquals(4, a.statistic(new Statistic.Basic("SampleCount")));
    }
}
