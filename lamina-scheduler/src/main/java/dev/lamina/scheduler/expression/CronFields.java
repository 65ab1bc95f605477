package dev.lamina.scheduler.expression;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.Objects;

/**
 * The six fields of an AWS cron expression, parsed, and the search for the next minute they match.
 *
 * <p>AWS's dialect (EventBridge and Scheduler share it): {@code minutes hours day-of-month month
 * day-of-week year}; day-of-week counts 1 = SUN … 7 = SAT; exactly one of day-of-month and
 * day-of-week is {@code ?}. Example: {@code 0 8 ? * 2#1 *} is 08:00 on the first Monday of each
 * month; {@code 15 10 L * ? 2030} is 10:15 on the last day of each month of 2030; {@code 0 9 15W * ? *}
 * is 09:00 on the weekday nearest the 15th, within its month.
 *
 * @param minutes the matching minutes, 0–59
 * @param hours the matching hours, 0–23
 * @param months the matching months, 1–12
 * @param years the matching years, 1970–2199
 * @param days which days match: by day of the month or by day of the week
 */
public record CronFields(BitSet minutes, BitSet hours, BitSet months, BitSet years, DaySpec days) {
    /** The last year an AWS cron expression may name. */
    public static final int LAST_YEAR = 2199;

    public static final int FIRST_YEAR = 1970;

    public CronFields {
        minutes = (BitSet) minutes.clone();
        hours = (BitSet) hours.clone();
        months = (BitSet) months.clone();
        years = (BitSet) years.clone();
        Objects.requireNonNull(days, "days");
    }

    /** How the day is chosen: one of day-of-month and day-of-week, the other being {@code ?}. */
    public sealed interface DaySpec {
        boolean matches(LocalDate date);
    }

    /** Days of the month: a set of days, and/or the last day ({@code L}), or weekdays nearest a day ({@code nW}, {@code LW}). */
    public record DaysOfMonth(BitSet days, boolean last, int nearestWeekdayTo, boolean lastWeekday) implements DaySpec {
        public DaysOfMonth {
            days = (BitSet) days.clone();
        }

        @Override
        public boolean matches(LocalDate date) {
            int length = date.lengthOfMonth();
            if (days.get(date.getDayOfMonth())) {
                return true;
            }
            if (last && date.getDayOfMonth() == length) {
                return true;
            }
            if (nearestWeekdayTo > 0) {
                return date.equals(nearestWeekday(YearMonth.from(date), Math.min(nearestWeekdayTo, length)));
            }
            if (lastWeekday) {
                return date.equals(nearestWeekday(YearMonth.from(date), length));
            }
            return false;
        }

        /**
         * The weekday nearest {@code day}, within its month: a Saturday moves to Friday (or to Monday
         * when the 1st is a Saturday), a Sunday to Monday (or to Friday when it is the month's last day).
         */
        static LocalDate nearestWeekday(YearMonth month, int day) {
            LocalDate date = month.atDay(day);
            return switch (date.getDayOfWeek()) {
                case SATURDAY -> day == 1 ? date.plusDays(2) : date.minusDays(1);
                case SUNDAY -> day == month.lengthOfMonth() ? date.minusDays(2) : date.plusDays(1);
                default -> date;
            };
        }
    }

    /**
     * Days of the week (1 = SUN … 7 = SAT): a set of days, or the last given weekday of the month
     * ({@code 6L}: the last Friday), or the n-th ({@code 2#3}: the third Monday).
     */
    public record DaysOfWeek(BitSet days, int lastOf, int nthDay, int nth) implements DaySpec {
        public DaysOfWeek {
            days = (BitSet) days.clone();
        }

        @Override
        public boolean matches(LocalDate date) {
            int awsDay = awsDayOfWeek(date.getDayOfWeek());
            if (days.get(awsDay)) {
                return true;
            }
            if (lastOf > 0 && awsDay == lastOf) {
                return date.plusWeeks(1).getMonthValue() != date.getMonthValue();
            }
            if (nth > 0 && awsDay == nthDay) {
                return (date.getDayOfMonth() - 1) / 7 + 1 == nth;
            }
            return false;
        }

        static int awsDayOfWeek(DayOfWeek day) {
            return day.getValue() % 7 + 1; // MONDAY(1) → 2, SUNDAY(7) → 1
        }
    }

    /**
     * The first minute at or after {@code from} (seconds ignored) that the fields match, on the wall
     * clock; {@code null} after {@link #LAST_YEAR}. Whole years, months and days that cannot match are
     * skipped at once, so a search costs at most a few thousand steps.
     */
    public LocalDateTime firstAtOrAfter(LocalDateTime from) {
        LocalDate date = from.toLocalDate();
        int hour = from.getHour();
        int minute = from.getMinute();
        while (date.getYear() <= LAST_YEAR) {
            if (!years.get(date.getYear())) {
                int nextYear = years.nextSetBit(date.getYear() + 1);
                if (nextYear < 0) {
                    return null;
                }
                date = LocalDate.of(nextYear, 1, 1);
                hour = 0;
                minute = 0;
                continue;
            }
            if (!months.get(date.getMonthValue())) {
                date = date.with(TemporalAdjusters.firstDayOfNextMonth());
                hour = 0;
                minute = 0;
                continue;
            }
            if (days.matches(date)) {
                LocalDateTime time = firstTimeOfDay(date, hour, minute);
                if (time != null) {
                    return time;
                }
            }
            date = date.plusDays(1);
            hour = 0;
            minute = 0;
        }
        return null;
    }

    private LocalDateTime firstTimeOfDay(LocalDate date, int fromHour, int fromMinute) {
        for (int h = hours.nextSetBit(fromHour); h >= 0 && h < 24; h = hours.nextSetBit(h + 1)) {
            int m = minutes.nextSetBit(h == fromHour ? fromMinute : 0);
            if (m >= 0 && m < 60) {
                return date.atTime(h, m);
            }
        }
        return null;
    }
}
