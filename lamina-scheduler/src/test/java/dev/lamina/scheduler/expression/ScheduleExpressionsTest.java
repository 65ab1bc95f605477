package dev.lamina.scheduler.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.scheduler.expression.ScheduleExpressions.Dialect;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant next(String expression, String after) {
        return next(expression, after, UTC);
    }

    private static Instant next(String expression, String after, ZoneId zone) {
        return ScheduleExpressions.parse(expression, Dialect.SCHEDULER)
                .next(Instant.parse(after), ANCHOR, zone)
                .orElseThrow();
    }

    private static List<String> ticks(String expression, String after, ZoneId zone, int n) {
        ScheduleExpression e = ScheduleExpressions.parse(expression, Dialect.SCHEDULER);
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < n; i++) {
            t = e.next(t, ANCHOR, zone).orElseThrow();
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void atFiresOnceAtItsWallClockTimeInTheZone() {
        assertEquals(Instant.parse("2026-03-01T10:00:00Z"), next("at(2026-03-01T10:00:00)", "2026-02-01T00:00:00Z"));
        assertEquals(
                Instant.parse("2026-07-01T14:00:00Z"),
                next("at(2026-07-01T10:00:00)", "2026-02-01T00:00:00Z", NEW_YORK));
        ScheduleExpression at = ScheduleExpressions.parse("at(2026-03-01T10:00:00)", Dialect.SCHEDULER);
        assertTrue(at.oneTime());
        assertEquals(Optional.empty(), at.next(Instant.parse("2026-03-01T10:00:00Z"), ANCHOR, UTC));
    }

    @Test
    void rateCountsFromItsAnchor() {
        assertEquals(Instant.parse("2026-01-01T00:05:00Z"), next("rate(5 minutes)", "2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:10:00Z"), next("rate(5 minutes)", "2026-01-01T00:05:00Z"));
        assertEquals(Instant.parse("2026-01-01T00:10:00Z"), next("rate(5 minutes)", "2026-01-01T00:07:13Z"));
        assertEquals(Instant.parse("2026-01-01T02:00:00Z"), next("rate(2 hours)", "2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), next("rate(1 day)", "2026-01-01T00:00:00Z"));
        // before its anchor (a StartDate ahead), a rate's first tick is the anchor itself
        assertEquals(ANCHOR, next("rate(1 minute)", "2025-12-31T12:00:00Z"));
    }

    @Test
    void cronListsRangesAndSteps() {
        assertEquals(
                List.of("2026-01-01T00:00:00Z", "2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z"),
                ticks("cron(0/15 * * * ? *)", "2025-12-31T23:59:00Z", UTC, 3));
        assertEquals(
                List.of("2026-01-05T08:00:00Z", "2026-01-05T17:00:00Z", "2026-01-06T08:00:00Z"),
                ticks("cron(0 8,17 ? * MON-FRI *)", "2026-01-03T00:00:00Z", UTC, 3)); // Jan 3rd is a Saturday
        assertEquals(
                List.of("2026-01-01T10:05:00Z", "2026-01-01T10:25:00Z", "2026-01-01T10:45:00Z"),
                ticks("cron(5-50/20 10 * * ? *)", "2026-01-01T10:00:00Z", UTC, 3));
        assertEquals(
                List.of("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z", "2027-03-01T00:00:00Z"),
                ticks("cron(0 0 1 MAR,jun ? 2026-2027)", "2026-01-01T00:00:00Z", UTC, 3));
        assertEquals(
                List.of("2026-01-04T12:00:00Z", "2026-01-11T12:00:00Z"),
                ticks("cron(0 12 ? * 1 *)", "2026-01-01T00:00:00Z", UTC, 2)); // 1 is Sunday
    }

    @Test
    void cronLastDaysNearestWeekdaysAndNthWeekdays() {
        assertEquals(
                List.of("2026-01-31T10:15:00Z", "2026-02-28T10:15:00Z", "2028-02-29T10:15:00Z"),
                List.of(
                        next("cron(15 10 L * ? *)", "2026-01-01T00:00:00Z").toString(),
                        next("cron(15 10 L * ? *)", "2026-02-01T00:00:00Z").toString(),
                        next("cron(15 10 L * ? *)", "2028-02-01T00:00:00Z").toString()));
        // 2026-02-15 is a Sunday: nearest weekday is Monday 16th; 2026-08-01 is a Saturday: 1W is Monday 3rd
        assertEquals(Instant.parse("2026-02-16T09:00:00Z"), next("cron(0 9 15W * ? *)", "2026-02-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-08-03T09:00:00Z"), next("cron(0 9 1W * ? *)", "2026-07-15T00:00:00Z"));
        // 2026-05-31 is a Sunday: the last weekday of May is Friday 29th
        assertEquals(Instant.parse("2026-05-29T09:00:00Z"), next("cron(0 9 LW * ? *)", "2026-05-01T00:00:00Z"));
        // last Friday (6L) of January 2026 is the 30th; the third Monday (2#3) is the 19th
        assertEquals(Instant.parse("2026-01-30T09:00:00Z"), next("cron(0 9 ? * 6L *)", "2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-19T09:00:00Z"), next("cron(0 9 ? * MON#3 *)", "2026-01-01T00:00:00Z"));
        // a fifth Monday exists only in some months: March 2026 (30th)
        assertEquals(Instant.parse("2026-03-30T09:00:00Z"), next("cron(0 9 ? * 2#5 *)", "2026-01-01T00:00:00Z"));
        assertEquals(Instant.parse("2026-01-03T09:00:00Z"), next("cron(0 9 ? * L *)", "2026-01-01T00:00:00Z"));
    }

    @Test
    void cronEndsWithItsYears() {
        ScheduleExpression e = ScheduleExpressions.parse("cron(0 0 1 1 ? 2026)", Dialect.SCHEDULER);
        assertEquals(Optional.empty(), e.next(Instant.parse("2026-01-01T00:00:00Z"), ANCHOR, UTC));
        ScheduleExpression never = ScheduleExpressions.parse("cron(0 0 30 2 ? *)", Dialect.SCHEDULER);
        assertEquals(Optional.empty(), never.next(ANCHOR, ANCHOR, UTC));
    }

    @Test
    void cronInAZoneFollowsItsWallClockAcrossDaylightSaving() {
        // 09:00 New York is 14:00Z in winter and 13:00Z in summer (DST from 2026-03-08)
        assertEquals(
                List.of("2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"),
                ticks("cron(0 9 * * ? *)", "2026-03-06T00:00:00Z", NEW_YORK, 4));
    }

    @Test
    void aMinuteTheSpringForwardSkipsDoesNotTick() {
        // 02:30 does not exist in New York on 2026-03-08
        assertEquals(
                List.of("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z"),
                ticks("cron(30 2 * * ? *)", "2026-03-07T00:00:00Z", NEW_YORK, 2));
    }

    @Test
    void aMinuteTheFallBackRepeatsTicksOnce() {
        // 01:30 happens twice in New York on 2026-11-01 (EDT, then EST): it ticks at the first only
        assertEquals(
                List.of("2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
                ticks("cron(30 1 * * ? *)", "2026-10-31T00:00:00Z", NEW_YORK, 3));
        // every 30 minutes through the repeated hour: 01:00 and 01:30 EDT, then 02:00 EST
        assertEquals(
                List.of("2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z"),
                ticks("cron(0/30 * * * ? *)", "2026-11-01T04:45:00Z", NEW_YORK, 3));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "rate(0 minutes)",
                "rate(5 seconds)",
                "rate(-1 minutes)",
                "rate(five minutes)",
                "rate(5minutes)",
                "at(2026-02-30T10:00:00)",
                "at(2026-02-01 10:00:00)",
                "at(2026-02-01T10:00)",
                "cron(0 12 * * * *)",
                "cron(0 12 ? * ? *)",
                "cron(0 12 * * ?)",
                "cron(60 12 * * ? *)",
                "cron(0 24 * * ? *)",
                "cron(0 12 32 * ? *)",
                "cron(0 12 * 13 ? *)",
                "cron(0 12 ? * 8 *)",
                "cron(0 12 ? * 2#6 *)",
                "cron(0 12 * * ? 1969)",
                "cron(0 12 * * ? 2200)",
                "cron(0 12 10-5 * ? *)",
                "cron(0/0 12 * * ? *)",
                "cron(a 12 * * ? *)",
                "cron(0 12 * FOO ? *)",
                "every minute"
            })
    void malformedExpressionsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpressions.parse(text, Dialect.SCHEDULER));
    }

    @Test
    void rulesTakeNoAtAndWantTheUnitsNumber() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ScheduleExpressions.parse("at(2026-02-01T10:00:00)", Dialect.EVENTS));
        assertThrows(
                IllegalArgumentException.class, () -> ScheduleExpressions.parse("rate(1 minutes)", Dialect.EVENTS));
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpressions.parse("rate(5 minute)", Dialect.EVENTS));
        ScheduleExpressions.parse("rate(1 minute)", Dialect.EVENTS);
        ScheduleExpressions.parse("rate(5 minutes)", Dialect.EVENTS);
        ScheduleExpressions.parse("rate(1 minutes)", Dialect.SCHEDULER);
    }
}
