package dev.lamina.scheduler.expression;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule is due, as EventBridge Scheduler and EventBridge rules write it: {@code at(…)} once,
 * {@code rate(…)} every so often, {@code cron(…)} on the calendar. Parse one with
 * {@link ScheduleExpressions#parse}. Pure: the time of the next tick depends only on the arguments.
 */
public sealed interface ScheduleExpression {

    /**
     * The first tick strictly after {@code after}, or empty when there is none (an {@code at} that has
     * passed, a cron whose years are over).
     *
     * @param anchor where a rate counts from: the schedule's StartDate, else when it was made
     * @param zone the zone {@code at} and {@code cron} read their fields in (a rate ignores it)
     */
    Optional<Instant> next(Instant after, Instant anchor, ZoneId zone);

    /** Whether the expression ticks once only. */
    default boolean oneTime() {
        return this instanceof At;
    }

    /** The expression as it was written, which the APIs give back. */
    String text();

    /** {@code at(yyyy-mm-ddThh:mm:ss)}: one tick, at a wall-clock time of the schedule's zone. */
    record At(String text, LocalDateTime time) implements ScheduleExpression {
        public At {
            Objects.requireNonNull(time, "time");
        }

        /**
         * The time in {@code zone}. A time the zone skips (spring forward) is moved forward by the gap,
         * as {@link java.time.ZonedDateTime#of} does; a repeated one (fall back) is the earlier.
         */
        public Instant instant(ZoneId zone) {
            return time.atZone(zone).toInstant();
        }

        @Override
        public Optional<Instant> next(Instant after, Instant anchor, ZoneId zone) {
            Instant at = instant(zone);
            return at.isAfter(after) ? Optional.of(at) : Optional.empty();
        }
    }

    /** {@code rate(n unit)}: ticks every {@code period}, counted from the anchor; zones do not matter. */
    record Rate(String text, Duration period) implements ScheduleExpression {
        public Rate {
            if (period.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("a rate is at least a minute: " + period);
            }
        }

        @Override
        public Optional<Instant> next(Instant after, Instant anchor, ZoneId zone) {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor);
            }
            long periodMillis = period.toMillis();
            long elapsed = Duration.between(anchor, after).toMillis();
            return Optional.of(anchor.plusMillis((elapsed / periodMillis + 1) * periodMillis));
        }
    }

    /** {@code cron(minutes hours day-of-month month day-of-week year)} in AWS's dialect. */
    record Cron(String text, CronFields fields) implements ScheduleExpression {
        public Cron {
            Objects.requireNonNull(fields, "fields");
        }

        /**
         * The first matching minute after {@code after}, read on the wall clock of {@code zone}, as
         * Scheduler handles daylight saving time: a minute the zone skips is skipped (no tick), a minute
         * it repeats ticks once, at its first occurrence.
         */
        @Override
        public Optional<Instant> next(Instant after, Instant anchor, ZoneId zone) {
            var rules = zone.getRules();
            LocalDateTime from = LocalDateTime.ofInstant(after, zone)
                    .withSecond(0)
                    .withNano(0)
                    .plusMinutes(1);
            for (LocalDateTime candidate = fields.firstAtOrAfter(from);
                    candidate != null;
                    candidate = fields.firstAtOrAfter(candidate.plusMinutes(1))) {
                List<ZoneOffset> offsets = rules.getValidOffsets(candidate);
                if (offsets.isEmpty()) {
                    continue; // in the gap of a spring forward: this tick does not happen
                }
                Instant instant = candidate.toInstant(offsets.getFirst()); // the earlier of a repeated minute
                if (instant.isAfter(after)) {
                    return Optional.of(instant);
                }
            }
            return Optional.empty();
        }
    }
}
