package dev.lamina.scheduler.timer;

import dev.lamina.scheduler.expression.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What decides when something scheduled ticks.
 *
 * @param expression at, rate or cron
 * @param zone the zone the expression's wall-clock fields are read in
 * @param anchor where a rate counts from: the StartDate, else when the schedule was made
 * @param start no tick before it, or {@code null} (a one-time schedule ignores it, as Scheduler does)
 * @param end no tick after it, or {@code null} (a one-time schedule ignores it)
 * @param window how long after its tick a tick may fire (Scheduler's flexible time window), or zero
 */
public record Timing(
        ScheduleExpression expression, ZoneId zone, Instant anchor, Instant start, Instant end, Duration window) {
    public Timing {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(anchor, "anchor");
        if (window.isNegative()) {
            throw new IllegalArgumentException("a window is not negative: " + window);
        }
    }
}
