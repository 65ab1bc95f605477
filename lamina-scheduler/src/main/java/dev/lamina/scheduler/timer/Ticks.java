package dev.lamina.scheduler.timer;

import dev.lamina.scheduler.expression.ScheduleExpression;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The transitions of a {@link Lifecycle}, as pure functions of the timing, the time and a random source
 * (for the flexible window).
 *
 * <p>Worked example, {@code rate(1 minute)} made at 10:00:00: {@link #plan} at 10:00:00 gives
 * {@code Waiting(10:00, 10:00)}, which fires at once and waits for 10:01. The node is down from 10:00:30
 * to 10:03:20: at 10:03:20 {@link #fire} fires the 10:01 tick late (as Scheduler fires late within its window) and plans from 10:03:20, so the
 * next tick is 10:04; the ticks of 10:02 and 10:03, which fell while the node was down, are not made up
 * one by one. A one-time {@code at()} fires once, late if need be, and completes.
 */
public final class Ticks {
    private Ticks() {}

    /** What a tick fired and what comes next. */
    public record Fired(Instant tick, Lifecycle next) {}

    /**
     * The lifecycle of something made, changed or enabled at {@code now}: disabled, or waiting for its
     * first tick at or after {@code now} (a one-time schedule waits for its time even if that has
     * passed: it then fires at once; a rate's first tick is its anchor, so a Scheduler rate without a
     * StartDate fires at once, as Scheduler's does), or completed when no tick is left.
     */
    public static Lifecycle plan(Timing timing, boolean enabled, Instant now, RandomGenerator random) {
        if (!enabled) {
            return new Lifecycle.Disabled();
        }
        if (timing.expression() instanceof ScheduleExpression.At at) {
            Instant tick = at.instant(timing.zone());
            return waiting(timing, tick, random);
        }
        return next(timing, now.minusMillis(1), random); // a tick due at this very moment counts
    }

    /**
     * Fires the tick of {@code waiting}, due at {@code now}, and plans the next one after both the tick
     * and {@code now}: ticks missed while the node was down are folded into this one.
     *
     * @throws IllegalStateException if the tick is not due at {@code now}
     */
    public static Fired fire(Timing timing, Lifecycle.Waiting waiting, Instant now, RandomGenerator random) {
        if (waiting.fireAt().isAfter(now)) {
            throw new IllegalStateException("the tick of " + waiting.tick() + " is due at " + waiting.fireAt());
        }
        if (timing.expression().oneTime()) {
            return new Fired(waiting.tick(), new Lifecycle.Completed());
        }
        Instant after = now.isAfter(waiting.tick()) ? now : waiting.tick();
        return new Fired(waiting.tick(), next(timing, after, random));
    }

    private static Lifecycle next(Timing timing, Instant after, RandomGenerator random) {
        Instant from = after;
        if (timing.start() != null && timing.start().isAfter(from)) {
            from = timing.start().minusMillis(1); // a tick at the StartDate itself counts
        }
        Optional<Instant> tick = timing.expression().next(from, timing.anchor(), timing.zone());
        if (tick.isEmpty() || (timing.end() != null && tick.get().isAfter(timing.end()))) {
            return new Lifecycle.Completed();
        }
        return waiting(timing, tick.get(), random);
    }

    private static Lifecycle.Waiting waiting(Timing timing, Instant tick, RandomGenerator random) {
        long windowMillis = timing.window().toMillis();
        long delay = windowMillis == 0 ? 0 : random.nextLong(windowMillis);
        return new Lifecycle.Waiting(tick, tick.plusMillis(delay));
    }
}
