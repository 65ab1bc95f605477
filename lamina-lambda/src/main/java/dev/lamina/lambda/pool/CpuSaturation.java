package dev.lamina.lambda.pool;

import java.util.concurrent.TimeUnit;

/**
 * Whether the host's CPUs are saturated, from samples of their load: on when a moving average of the
 * samples reaches {@link #saturatedAt} (0.95 on up to five cores; on more, when less than a quarter of
 * a core is idle), off only once it has stayed below {@link #relievedBelow} (0.8 on up to five cores;
 * on more, all but one core busy) for {@link #HOLD_NANOS}. Without the band and the hold the answer
 * flickers under a steady load (a 50 ms sample of a saturated two-core host reads anywhere from 0.7
 * to 1.0, a pause between two requests' bursts reads 0), and every time it flickers off, the
 * invocations that arrive meanwhile each take another environment, so a load that a few hot
 * environments were serving is spread again over many cold ones.
 */
final class CpuSaturation {
    static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Time constant of the moving average: a sample weighs 1 - e^(-elapsed / TAU), a quarter after 50 ms. */
    private static final double TAU_NANOS = TimeUnit.MILLISECONDS.toNanos(175);
    /** What the first sample is taken to cover. */
    private static final long FIRST_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double saturatedAt;
    private final double relievedBelow;
    private double load;
    private long lastNanos;
    private boolean sampled;
    private long heldUntilNanos;
    private volatile boolean saturated;

    /** @param cores the host's processors */
    CpuSaturation(int cores) {
        saturatedAt = Math.max(0.95, 1 - 0.25 / cores);
        relievedBelow = Math.max(0.8, 1 - 1.0 / cores);
    }

    /**
     * Takes one sample: the CPUs' load since the previous one (0 to 1; negative or NaN when unknown,
     * which counts as idle), at {@code nowNanos} ({@link System#nanoTime}). Called from one thread at
     * a time.
     */
    void sample(double cpuLoad, long nowNanos) {
        double value = cpuLoad >= 0 ? Math.min(cpuLoad, 1) : 0;
        long elapsed = sampled ? Math.max(0, nowNanos - lastNanos) : FIRST_PERIOD_NANOS;
        load += (1 - Math.exp(-elapsed / TAU_NANOS)) * (value - load);
        lastNanos = nowNanos;
        sampled = true;
        if (load >= saturatedAt || (saturated && load >= relievedBelow)) {
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
