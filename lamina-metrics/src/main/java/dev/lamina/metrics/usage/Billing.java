package dev.lamina.metrics.usage;

/**
 * Lambda's billing arithmetic, in one place. Duration is billed per millisecond, rounded up, on the
 * configured memory: GB-seconds = memory MB / 1024 × billed ms / 1000. Example: 128 MB for a billed
 * 201 ms is 0.125 × 0.201 = 0.025125 GB-s. Sums are kept as whole MB-milliseconds and turned into
 * GB-seconds only at the end, so that a million small invocations add up without rounding.
 */
public final class Billing {
    private static final double MB_MS_PER_GB_SECOND = 1024.0 * 1000.0;

    private Billing() {}

    /** GB-seconds of {@code mbMs} megabyte-milliseconds. */
    public static double gbSeconds(long mbMs) {
        return mbMs / MB_MS_PER_GB_SECOND;
    }
}
