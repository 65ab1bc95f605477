package dev.lamina.pool;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuSaturationTest {
    private static final long STEP = TimeUnit.MILLISECONDS.toNanos(50);

    private final CpuSaturation cpu = new CpuSaturation();
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
    void staysSaturatedThroughTheDipsOfASteadyLoad() {
        samples(40, 1.0);
        for (int i = 0; i < 50; i++) {
            samples(1, i % 3 == 0 ? 0.7 : 0.98);
            assertTrue(cpu.saturated(), "flickered off at sample " + i);
        }
    }

    @Test
    void holdsThroughAShortPauseAndLetsGoAfterALongerOne() {
        samples(40, 1.0);
        samples(10, 0.0); // half a second idle, e.g. between two runs of a load generator
        assertTrue(cpu.saturated());
        samples(10, 1.0);
        assertTrue(cpu.saturated());
        samples((int) (CpuSaturation.HOLD_NANOS / STEP) + 2, 0.1);
        assertFalse(cpu.saturated());
    }

    @Test
    void anUnknownLoadCountsAsIdle() {
        samples(40, 1.0);
        samples((int) (CpuSaturation.HOLD_NANOS / STEP) + 2, -1);
        assertFalse(cpu.saturated());
    }
}
