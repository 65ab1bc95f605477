package dev.lamina.lambda.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuSaturationTest {
    private static final long STEP = TimeUnit.MILLISECONDS.toNanos(50);
    /** Samples of {@link #STEP} in the hold, less one. */
    private static final int WITHIN_HOLD = (int) (CpuSaturation.HOLD_NANOS / STEP) - 1;

    private CpuSaturation cpu = new CpuSaturation(2);
    private long now = 1_000;

    private void samples(int count, double load) {
        for (int i = 0; i < count; i++) {
            now += STEP;
            cpu.sample(load, now);
        }
    }

    @Test
    void saturatesOnlyOnceTheAverageIsHigh() {
        samples(2, 1.0);
        assertFalse(cpu.saturated(), "two busy samples are not yet a saturated host");
        samples(20, 1.0);
        assertTrue(cpu.saturated());
    }

    @Test
    void staysSaturatedWhileTheAverageDipsUnder95Percent() {
        samples(40, 1.0);
        for (int i = 0; i < 60; i++) {
            samples(1, i % 2 == 0 ? 0.7 : 0.95); // an average of about 0.83
            assertTrue(cpu.saturated(), "flickered off at sample " + i);
        }
    }

    @Test
    void holdsThroughAPauseShorterThanTheHold() {
        samples(40, 1.0);
        samples(12, 0.0); // 0.6 s, e.g. between two runs of a load generator
        assertTrue(cpu.saturated());
        samples(10, 1.0); // the average is back over the band's floor within the hold
        assertTrue(cpu.saturated());
        samples(WITHIN_HOLD, 0.1);
        assertTrue(cpu.saturated(), "the renewed load renewed the hold");
        samples(2, 0.1);
        assertFalse(cpu.saturated());
    }

    @Test
    void aLoadThatFallsToWellUnderTheBandEndsItAfterTheHold() {
        samples(40, 1.0);
        samples(WITHIN_HOLD + 5, 0.6); // the average stays in the band for two samples
        assertFalse(cpu.saturated());
    }

    @Test
    void anUnknownLoadCountsAsIdle() {
        samples(40, 1.0);
        samples(WITHIN_HOLD + 2, -1);
        assertFalse(cpu.saturated());
        samples(40, Double.NaN);
        samples(40, 1.0);
        assertTrue(cpu.saturated(), "a NaN sample must not stick in the average");
    }

    @Test
    void theClockMayWrap() {
        now = Long.MAX_VALUE - 10 * STEP;
        samples(40, 1.0);
        samples(WITHIN_HOLD, 0.0);
        assertTrue(cpu.saturated());
        samples(2, 0.0);
        assertFalse(cpu.saturated());
    }

    @Test
    void onManyCoresAWholeIdleCoreIsNotSaturation() {
        cpu = new CpuSaturation(16);
        samples(40, 0.9); // 1.6 of 16 cores idle
        assertFalse(cpu.saturated());
        samples(40, 0.99);
        assertTrue(cpu.saturated());
        samples(WITHIN_HOLD + 8, 0.9); // in the band for three samples
        assertFalse(cpu.saturated(), "more than a core idle for longer than the hold");
    }
}
