package dev.lamina.scheduler.timer;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a schedule (or a scheduled rule) stands between its ticks. Its transitions are the pure
 * functions of {@link Ticks}; the store keeps a {@link Waiting} one as an item of the due-time queue and
 * the other two in the schedule's row.
 */
public sealed interface Lifecycle {

    /**
     * Waits for {@code tick}, to fire at {@code fireAt}: the tick itself, or a moment in the flexible
     * time window after it.
     */
    record Waiting(Instant tick, Instant fireAt) implements Lifecycle {
        public Waiting {
            Objects.requireNonNull(tick, "tick");
            if (fireAt.isBefore(tick)) {
                throw new IllegalArgumentException("a tick fires at or after its time: " + fireAt + " < " + tick);
            }
        }
    }

    /** Disabled: no tick until it is enabled again, and the ticks meanwhile are not made up. */
    record Disabled() implements Lifecycle {}

    /** No tick is left: a one-time schedule fired, or the next tick would fall after the EndDate. */
    record Completed() implements Lifecycle {}
}
