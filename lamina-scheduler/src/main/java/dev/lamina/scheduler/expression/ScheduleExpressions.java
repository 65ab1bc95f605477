package dev.lamina.scheduler.expression;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses schedule expressions as EventBridge Scheduler and EventBridge rules accept them. Pure; a
 * malformed expression throws {@link IllegalArgumentException} saying what is wrong, which the APIs put
 * in their own error.
 */
public final class ScheduleExpressions {

    /** Who reads the expression: the two services accept slightly different things. */
    public enum Dialect {
        /** EventBridge Scheduler: {@code at}, {@code rate} and {@code cron}; a rate's unit may be singular or plural. */
        SCHEDULER,
        /** EventBridge rules: {@code rate} and {@code cron} only; a rate of 1 has a singular unit, others a plural. */
        EVENTS
    }

    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) ([a-z]+)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final DateTimeFormatter AT_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, Integer> MONTHS = names("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC");
    private static final Map<String, Integer> WEEKDAYS = names("SUN MON TUE WED THU FRI SAT");

    private ScheduleExpressions() {}

    /** Parses {@code text}; throws {@link IllegalArgumentException} when {@code dialect} does not accept it. */
    public static ScheduleExpression parse(String text, Dialect dialect) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the expression is empty");
        }
        Matcher m;
        if ((m = AT.matcher(text)).matches()) {
            if (dialect == Dialect.EVENTS) {
                throw new IllegalArgumentException("rules take rate() and cron() expressions only");
            }
            try {
                return new ScheduleExpression.At(text, LocalDateTime.parse(m.group(1), AT_FORMAT));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("no such time: " + m.group(1));
            }
        }
        if ((m = RATE.matcher(text)).matches()) {
            return new ScheduleExpression.Rate(text, rate(m.group(1), m.group(2), dialect));
        }
        if ((m = CRON.matcher(text)).matches()) {
            return new ScheduleExpression.Cron(text, cron(m.group(1)));
        }
        throw new IllegalArgumentException("an expression is at(…), rate(…) or cron(…)");
    }

    private static Duration rate(String value, String unit, Dialect dialect) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a rate's value is a whole number: " + value);
        }
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException("a rate's value is a positive whole number: " + value);
        }
        String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        if (dialect == Dialect.EVENTS && (n == 1) != singular.equals(unit)) {
            throw new IllegalArgumentException("a rate of 1 takes a singular unit, any other a plural one");
        }
        return switch (singular) {
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            case "day" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("a rate's unit is minutes, hours or days: " + unit);
        };
    }

    private static CronFields cron(String body) {
        String[] f = body.trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("a cron expression has six fields, not " + f.length);
        }
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException("exactly one of day-of-month and day-of-week is ?");
        }
        CronFields.DaySpec days = domAny ? daysOfWeek(f[4]) : daysOfMonth(f[2]);
        return new CronFields(
                values(f[0], 0, 59, Map.of(), "minutes"),
                values(f[1], 0, 23, Map.of(), "hours"),
                values(f[3], 1, 12, MONTHS, "month"),
                values(f[5], CronFields.FIRST_YEAR, CronFields.LAST_YEAR, Map.of(), "year"),
                days);
    }

    private static CronFields.DaySpec daysOfMonth(String field) {
        BitSet none = new BitSet();
        return switch (field) {
            case "L" -> new CronFields.DaysOfMonth(none, true, 0, false);
            case "LW" -> new CronFields.DaysOfMonth(none, false, 0, true);
            default -> {
                if (field.endsWith("W")) {
                    int day = number(field.substring(0, field.length() - 1), 1, 31, Map.of(), "day-of-month");
                    yield new CronFields.DaysOfMonth(none, false, day, false);
                }
                yield new CronFields.DaysOfMonth(values(field, 1, 31, Map.of(), "day-of-month"), false, 0, false);
            }
        };
    }

    private static CronFields.DaySpec daysOfWeek(String field) {
        BitSet none = new BitSet();
        if (field.equals("L")) {
            return new CronFields.DaysOfWeek(bits(7), 0, 0, 0); // alone, L is the week's last day
        }
        if (field.length() > 1 && field.endsWith("L")) {
            int day = number(field.substring(0, field.length() - 1), 1, 7, WEEKDAYS, "day-of-week");
            return new CronFields.DaysOfWeek(none, day, 0, 0);
        }
        int hash = field.indexOf('#');
        if (hash >= 0) {
            int day = number(field.substring(0, hash), 1, 7, WEEKDAYS, "day-of-week");
            int nth = number(field.substring(hash + 1), 1, 5, Map.of(), "day-of-week's #");
            return new CronFields.DaysOfWeek(none, 0, day, nth);
        }
        return new CronFields.DaysOfWeek(values(field, 1, 7, WEEKDAYS, "day-of-week"), 0, 0, 0);
    }

    /** A field of lists, ranges, steps and {@code *}: {@code 0,15-20,*}{@code /10}. */
    private static BitSet values(String field, int min, int max, Map<String, Integer> names, String what) {
        BitSet out = new BitSet();
        for (String item : field.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, Map.of(), what + "'s step");
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(range.substring(0, dash), min, max, names, what);
                    to = number(range.substring(dash + 1), min, max, names, what);
                    if (to < from) {
                        throw new IllegalArgumentException(what + ": a range runs upwards: " + range);
                    }
                } else {
                    from = number(range, min, max, names, what);
                    to = slash >= 0 ? max : from;
                }
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int number(String text, int min, int max, Map<String, Integer> names, String what) {
        Integer named = names.get(text.toUpperCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(what + ": not a value: '" + text + "'");
        }
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + ": " + v + " is outside " + min + "–" + max);
        }
        return v;
    }

    private static BitSet bits(int... values) {
        BitSet out = new BitSet();
        for (int v : values) {
            out.set(v);
        }
        return out;
    }

    private static Map<String, Integer> names(String spaced) {
        String[] all = spaced.split(" ");
        Map<String, Integer> out = new java.util.HashMap<>();
        for (int i = 0; i < all.length; i++) {
            out.put(all[i], i + 1);
        }
        return Map.copyOf(out);
    }
}
