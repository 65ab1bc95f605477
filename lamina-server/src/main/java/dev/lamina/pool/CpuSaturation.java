package dev.lamina.pool;

import java.util.concurrent.TimeUnit;

/**
 * Whether the host's CPUs are saturated, from samples of their load: on when a moving average of
 * the samples reaches {@value #SATURATED}, and off only once it has stayed below {@value #RELIEVED}
 * for {@link #HOLD_NANOS}. Without the band and the hold the answer flickers under a steady load
 * (a 50 ms sample of a saturated two-core host reads anywhere from 0.7 to 1.0), and every time it
 * flickers off, the invocations that arrive meanwhile each take another environment, so a load that
 * a few hot environments were serving is spread again over many cold ones.
 */
final class CpuSaturation {
    static final double SATURATED = 0.95;
    static final double RELIEVED = 0.8;
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Weight of each new sample in the moving average. */
    private static final double ALPHA = 0.25;

    private double load;
    private long heldUntilNanos;
    private volatile boolean saturated;

    /**
     * Takes one sample: the CPUs' load since the previous one (0 to 1; negative when unknown, taken
     * as idle), at {@code nowNanos} ({@link System#nanoTime}). Called from one thread at a time.
     */
    void sample(double cpuLoad, long nowNanos) {
        load = cpuLoad < 0 ? 0 : load + ALPHA * (cpuLoad - load);
        if (load >= SATURATED || (saturated && load >= RELIEVED)) {
            saturated = true;
            heldUntilNanos = nowNanos + HOLD_NANOS;
        } else if (nowNanos - heldUntilNanos > 0) {
            saturated = false;
        }
    }

    boolean saturated() {
        return saturated;
    }
}
