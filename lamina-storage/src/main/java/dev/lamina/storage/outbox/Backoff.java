package dev.lamina.storage.outbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed delivery waits before the next: {@code first}, doubled after each further failure,
 * at most {@code max}. With first = 1 s and max = 5 min: 1 s, 2 s, 4 s … 256 s, then 300 s for good.
 * No jitter: one relay per node delivers one entry at a time, so retries do not arrive in herds.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 < first <= max");
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1");
        }
        // Doubling past 2^30 overflows; by then any sane max has long been reached.
        int doublings = Math.min(failures - 1, 30);
        Duration wait = first.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
