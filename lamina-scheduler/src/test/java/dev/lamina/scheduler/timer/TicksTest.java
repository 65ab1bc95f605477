package dev.lamina.scheduler.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.scheduler.expression.ScheduleExpressions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TicksTest {
    private static final Instant MADE = Instant.parse("2026-01-01T10:00:00Z");
    private static final Random RANDOM = new Random(7);

    private static Timing timing(String expression, Instant start, Instant end, Duration window) {
        return timing(expression, start, end, window, ZoneOffset.UTC);
    }

    private static Timing timing(String expression, Instant start, Instant end, Duration window, ZoneId zone) {
        return new Timing(
                ScheduleExpressions.parse(expression, ScheduleExpressions.Dialect.SCHEDULER),
                zone,
                start != null ? start : MADE,
                start,
                end,
                window);
    }

    private static Instant t(String time) {
        return Instant.parse("2026-01-01T" + time + "Z");
    }

    @Test
    void aRateWithoutAStartDateFiresAtOnceThenEachPeriod() {
        Timing rate = timing("rate(1 minute)", null, null, Duration.ZERO);
        Lifecycle planned = Ticks.plan(rate, true, MADE, RANDOM);
        assertEquals(new Lifecycle.Waiting(t("10:00:00"), t("10:00:00")), planned);
        Ticks.Fired fired = Ticks.fire(rate, (Lifecycle.Waiting) planned, t("10:00:00.200"), RANDOM);
        assertEquals(t("10:00:00"), fired.tick());
        assertEquals(new Lifecycle.Waiting(t("10:01:00"), t("10:01:00")), fired.next());
        // planned again later (an update, an enable), it keeps to its grid
        assertEquals(
                new Lifecycle.Waiting(t("10:03:00"), t("10:03:00")), Ticks.plan(rate, true, t("10:02:30"), RANDOM));
    }

    @Test
    void ticksMissedWhileDownFireOnceLateThenTheScheduleGoesOnFromNow() {
        Timing rate = timing("rate(1 minute)", null, null, Duration.ZERO);
        Lifecycle.Waiting waiting = new Lifecycle.Waiting(t("10:01:00"), t("10:01:00"));
        Ticks.Fired fired = Ticks.fire(rate, waiting, t("10:03:20"), RANDOM);
        assertEquals(t("10:01:00"), fired.tick());
        assertEquals(new Lifecycle.Waiting(t("10:04:00"), t("10:04:00")), fired.next());
    }

    @Test
    void aTickIsNotFiredBeforeItIsDue() {
        Timing rate = timing("rate(1 minute)", null, null, Duration.ZERO);
        Lifecycle.Waiting waiting = new Lifecycle.Waiting(t("10:01:00"), t("10:01:00"));
        assertThrows(IllegalStateException.class, () -> Ticks.fire(rate, waiting, t("10:00:59.999"), RANDOM));
    }

    @Test
    void aOneTimeScheduleFiresOnceEvenLateThenCompletes() {
        Timing at = timing("at(2026-01-01T09:00:00)", null, null, Duration.ZERO);
        Lifecycle planned = Ticks.plan(at, true, MADE, RANDOM);
        assertEquals(new Lifecycle.Waiting(t("09:00:00"), t("09:00:00")), planned); // passed: fires at once
        Ticks.Fired fired = Ticks.fire(at, (Lifecycle.Waiting) planned, MADE, RANDOM);
        assertInstanceOf(Lifecycle.Completed.class, fired.next());
    }

    @Test
    void anAtIsReadInItsZone() {
        Timing at = timing("at(2026-01-01T12:00:00)", null, null, Duration.ZERO, ZoneId.of("Asia/Tokyo"));
        assertEquals(new Lifecycle.Waiting(t("03:00:00"), t("03:00:00")), Ticks.plan(at, true, MADE, RANDOM));
    }

    @Test
    void aDisabledScheduleWaitsForNothing() {
        Timing rate = timing("rate(1 minute)", null, null, Duration.ZERO);
        assertInstanceOf(Lifecycle.Disabled.class, Ticks.plan(rate, false, MADE, RANDOM));
    }

    @Test
    void startAndEndDatesBoundTheTicks() {
        Timing bounded = timing("cron(0 * * * ? *)", t("12:30:00"), t("14:00:00"), Duration.ZERO);
        Lifecycle planned = Ticks.plan(bounded, true, MADE, RANDOM);
        assertEquals(new Lifecycle.Waiting(t("13:00:00"), t("13:00:00")), planned);
        Ticks.Fired second = Ticks.fire(bounded, (Lifecycle.Waiting) planned, t("13:00:00"), RANDOM);
        assertEquals(new Lifecycle.Waiting(t("14:00:00"), t("14:00:00")), second.next());
        Ticks.Fired last = Ticks.fire(bounded, (Lifecycle.Waiting) second.next(), t("14:00:00"), RANDOM);
        assertInstanceOf(Lifecycle.Completed.class, last.next());
        // a rate with a StartDate ticks from the StartDate itself
        Timing rate = timing("rate(5 minutes)", t("12:30:00"), null, Duration.ZERO);
        assertEquals(new Lifecycle.Waiting(t("12:30:00"), t("12:30:00")), Ticks.plan(rate, true, MADE, RANDOM));
    }

    @Test
    void aFlexibleWindowFiresWithinItsMinutesAfterTheTick() {
        Timing flexible = timing("rate(1 hour)", null, null, Duration.ofMinutes(15));
        for (int i = 0; i < 200; i++) {
            Lifecycle.Waiting w = (Lifecycle.Waiting) Ticks.plan(flexible, true, t("10:30:00"), RANDOM);
            assertEquals(t("11:00:00"), w.tick());
            assertTrue(!w.fireAt().isBefore(w.tick())
                    && w.fireAt().isBefore(w.tick().plus(Duration.ofMinutes(15))));
        }
    }
}
