package dev.lamina.scheduler.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.scheduler.expression.ScheduleExpression;
import dev.lamina.scheduler.expression.ScheduleExpressions;
import dev.lamina.scheduler.fire.Delivery;
import dev.lamina.scheduler.fire.Timetable;
import dev.lamina.scheduler.tags.TagStore;
import dev.lamina.scheduler.tags.Tagging;
import dev.lamina.scheduler.timer.Lifecycle;
import dev.lamina.scheduler.timer.Ticks;
import dev.lamina.scheduler.timer.Timekeeping;
import dev.lamina.scheduler.timer.Timers;
import dev.lamina.scheduler.timer.Timing;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * EventBridge Scheduler's operations on schedules and groups, and the firing of their ticks. Each
 * operation is one transaction: a schedule's row and its place in the due-time index change together,
 * and a refused request changes nothing. Called from request threads and the firing thread.
 */
public final class Schedules implements Timetable {
    public static final String DEFAULT_GROUP = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions db;
    private final ScheduleStore store;
    private final Timers timers;
    private final Clock clock;
    private final RandomGenerator random;
    private final String arnPrefix;
    private final Runnable wake;
    private final Tagging tagging;

    public Schedules(Timekeeping keeping, ScheduleStore store, TagStore tags) {
        this.db = keeping.db();
        this.store = store;
        this.timers = keeping.timers();
        this.clock = keeping.clock();
        this.random = keeping.random();
        this.arnPrefix = "arn:aws:scheduler:" + keeping.region() + ":" + keeping.account() + ":";
        this.wake = keeping.wake();
        this.tagging = new Tagging(db, tags, this::isGroup);
        db.transaction(tx -> store.insertGroup(tx, group(DEFAULT_GROUP, Instant.EPOCH)));
    }

    private ScheduleGroup group(String name, Instant now) {
        return new ScheduleGroup(name, arnPrefix + "schedule-group/" + name, now, now);
    }

    /** CreateSchedule: returns the new schedule's ARN. */
    public String create(String name, ScheduleDocument.Input in) {
        requireName(name);
        Instant now = now();
        Timing timing = timing(in, now);
        return db.transaction(tx -> {
            requireGroup(tx, in.group());
            Schedule s = schedule(name, in, now, now);
            Lifecycle next = Ticks.plan(timing, s.enabled(), now, random);
            if (!store.insert(tx, s, next instanceof Lifecycle.Completed)) {
                throw new AwsException(409, "ConflictException", "Schedule " + name + " already exists.");
            }
            settle(tx, s, next);
            return s.arn();
        });
    }

    /**
     * UpdateSchedule: replaces everything but the name, group and creation date, and plans the ticks
     * anew from now; a one-time schedule that fired stays completed unless its time changed. Returns
     * the ARN.
     */
    public String update(String name, ScheduleDocument.Input in) {
        requireName(name);
        Instant now = now();
        return db.transaction(tx -> {
            ScheduleStore.Stored stored = get(tx, in.group(), name);
            Schedule old = stored.schedule();
            Schedule s = schedule(name, in, old.created(), now);
            Timing timing = timing(in, old.created());
            boolean fired = stored.completed()
                    && timing.expression().oneTime()
                    && s.expression().equals(old.expression())
                    && s.timezone().equals(old.timezone());
            Lifecycle next = fired ? new Lifecycle.Completed() : Ticks.plan(timing, s.enabled(), now, random);
            store.update(tx, s, next instanceof Lifecycle.Completed);
            settle(tx, s, next);
            return s.arn();
        });
    }

    public Schedule get(String group, String name) {
        requireName(name);
        return db.transaction(tx -> get(tx, group(group), name).schedule());
    }

    public void delete(String group, String name) {
        requireName(name);
        db.transaction(tx -> {
            Schedule s = get(tx, group(group), name).schedule();
            store.delete(tx, s.group(), name);
            timers.remove(tx, s.arn());
            return null;
        });
    }

    /** ListSchedules: a page and where the next one starts ({@code null} at the end). */
    public record Page<T>(List<T> items, String next) {}

    public Page<Schedule> list(String group, String prefix, Boolean enabled, String after, int limit) {
        return db.transaction(tx -> {
            if (group != null) {
                requireGroup(tx, group);
            }
            List<Schedule> found = store.list(tx, group, prefix, enabled, after, limit + 1);
            if (found.size() <= limit) {
                return new Page<>(found, null);
            }
            List<Schedule> page = found.subList(0, limit);
            return new Page<>(List.copyOf(page), ScheduleStore.position(page.getLast()));
        });
    }

    /** CreateScheduleGroup, with its tags; returns its ARN. */
    public String createGroup(String name, Map<String, String> tags) {
        Instant now = now();
        return db.transaction(tx -> {
            ScheduleGroup g = group(name, now);
            if (!store.insertGroup(tx, g)) {
                throw new AwsException(409, "ConflictException", "Schedule group " + name + " already exists.");
            }
            tagging.tag(tx, g.arn(), tags);
            return g.arn();
        });
    }

    /** Tags: schedule groups are what Scheduler tags. */
    public Tagging tagging() {
        return tagging;
    }

    private boolean isGroup(Transaction tx, String arn) {
        String prefix = arnPrefix + "schedule-group/";
        return arn.startsWith(prefix)
                && store.group(tx, arn.substring(prefix.length())).isPresent();
    }

    public ScheduleGroup getGroup(String name) {
        return db.transaction(tx -> requireGroup(tx, name));
    }

    /** DeleteScheduleGroup: the group and its schedules go at once (Scheduler does it in the background). */
    public void deleteGroup(String name) {
        if (DEFAULT_GROUP.equals(name)) {
            throw AwsException.validation("The default schedule group cannot be deleted.");
        }
        db.transaction(tx -> {
            ScheduleGroup group = requireGroup(tx, name);
            for (String arn : store.deleteGroup(tx, name)) {
                timers.remove(tx, arn);
            }
            tagging.forget(tx, group.arn());
            return null;
        });
    }

    public Page<ScheduleGroup> groups(String prefix, String after, int limit) {
        return db.transaction(tx -> {
            List<ScheduleGroup> found = store.groups(tx, prefix, after, limit + 1);
            if (found.size() <= limit) {
                return new Page<>(found, null);
            }
            List<ScheduleGroup> page = found.subList(0, limit);
            return new Page<>(List.copyOf(page), page.getLast().name());
        });
    }

    /** What a schedule waits for, for tests and diagnostics. */
    public Optional<Lifecycle.Waiting> waiting(String arn) {
        return db.transaction(tx -> timers.waiting(tx, arn));
    }

    @Override
    public boolean owns(String key) {
        return key.startsWith(arnPrefix + "schedule/");
    }

    /**
     * Fires a schedule's due tick: one invocation of its Lambda target, with Scheduler's context
     * placeholders in its Input replaced; then its next tick, or completion (and deletion, for
     * ActionAfterCompletion DELETE).
     */
    @Override
    public List<Delivery> fire(Transaction tx, String key, Lifecycle.Waiting waiting, Instant now) {
        Optional<ScheduleStore.Stored> stored = store.byArn(tx, key);
        if (stored.isEmpty()) {
            timers.remove(tx, key);
            return List.of();
        }
        Schedule s = stored.get().schedule();
        Ticks.Fired fired = Ticks.fire(timing(s), waiting, now, random);
        if (fired.next() instanceof Lifecycle.Completed && s.deleteAfterCompletion()) {
            store.delete(tx, s.group(), s.name());
            timers.remove(tx, key);
        } else {
            store.update(tx, s, fired.next() instanceof Lifecycle.Completed);
            timers.set(tx, key, fired.next());
        }
        String executionId = executionId(s.arn(), fired.tick());
        Schedule.Target t = s.target();
        return List.of(new Delivery(
                t.arn(),
                executionId,
                payload(s, fired.tick(), executionId),
                t.maximumRetryAttempts(),
                t.maximumEventAgeSeconds()));
    }

    /** The same id for the same tick of the same schedule, however often it is computed. */
    static String executionId(String arn, Instant tick) {
        return UUID.nameUUIDFromBytes((arn + "@" + tick.toEpochMilli()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The target's Input with the context placeholders filled in, or {@code {}} when it has none. */
    static String payload(Schedule s, Instant tick, String executionId) {
        String input = s.target().input();
        if (input == null) {
            return "{}";
        }
        return input.replace(
                        "<aws.scheduler.scheduled-time>",
                        tick.truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("<aws.scheduler.execution-id>", executionId)
                .replace("<aws.scheduler.attempt-number>", "1")
                .replace("<aws.scheduler.schedule-arn>", s.arn());
    }

    private void settle(Transaction tx, Schedule s, Lifecycle next) {
        timers.set(tx, s.arn(), next);
        tx.afterCommit(wake);
    }

    private Schedule schedule(String name, ScheduleDocument.Input in, Instant created, Instant modified) {
        return new Schedule(
                in.group(),
                name,
                arnPrefix + "schedule/" + in.group() + "/" + name,
                in.expression(),
                in.timezone(),
                in.startDate(),
                in.endDate(),
                in.description(),
                in.enabled(),
                in.windowMinutes(),
                in.target(),
                in.deleteAfterCompletion(),
                in.kmsKeyArn(),
                created,
                modified);
    }

    /** Checks what the model cannot: the expression, the zone, the dates and the target. */
    private Timing timing(ScheduleDocument.Input in, Instant created) {
        Timing timing =
                timing(in.expression(), in.timezone(), in.startDate(), in.endDate(), in.windowMinutes(), created);
        if (in.startDate() != null && in.endDate() != null && !in.startDate().isBefore(in.endDate())) {
            throw AwsException.validation("The StartDate must be before the EndDate.");
        }
        if (timing.end() != null && timing.end().isBefore(now())) {
            throw AwsException.validation("The EndDate must be in the future.");
        }
        Schedule.Target target = in.target();
        if (!Delivery.isLambdaFunction(target.arn())) {
            throw AwsException.validation(
                    "Lamina fires Lambda targets only; " + target.arn() + " is not the ARN of a Lambda function.");
        }
        if (target.input() != null) {
            try {
                JSON.readTree(target.input());
            } catch (IOException e) {
                throw AwsException.validation("Target Input must be well-formed JSON for a Lambda target.");
            }
        }
        return timing;
    }

    /** A stored schedule's timing; an EndDate that has passed since ends it, rather than refusing it. */
    private static Timing timing(Schedule s) {
        return timing(s.expression(), s.timezone(), s.startDate(), s.endDate(), s.windowMinutes(), s.created());
    }

    /** A one-time schedule ignores StartDate and EndDate, as Scheduler does; a rate counts from StartDate. */
    private static Timing timing(
            String text, String timezone, Instant startDate, Instant endDate, int windowMinutes, Instant created) {
        ScheduleExpression expression;
        try {
            expression = ScheduleExpressions.parse(text, ScheduleExpressions.Dialect.SCHEDULER);
        } catch (IllegalArgumentException e) {
            throw AwsException.validation("Invalid Schedule Expression " + text + ".");
        }
        ZoneId zone = zone(timezone);
        boolean oneTime = expression.oneTime();
        return new Timing(
                expression,
                zone,
                !oneTime && startDate != null ? startDate : created,
                oneTime ? null : startDate,
                oneTime ? null : endDate,
                Duration.ofMinutes(windowMinutes));
    }

    private static ZoneId zone(String timezone) {
        if (!timezone.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(timezone)) {
            throw AwsException.validation("Invalid ScheduleExpressionTimezone " + timezone + ".");
        }
        return ZoneId.of(timezone);
    }

    private ScheduleStore.Stored get(Transaction tx, String group, String name) {
        return store.get(tx, group, name)
                .orElseThrow(() -> AwsException.notFound("Schedule " + name + " does not exist."));
    }

    private ScheduleGroup requireGroup(Transaction tx, String name) {
        return store.group(tx, name)
                .orElseThrow(() -> AwsException.notFound("Schedule group " + name + " does not exist."));
    }

    private static String group(String group) {
        return group == null ? DEFAULT_GROUP : group;
    }

    private static void requireName(String name) {
        if (name == null
                || name.isEmpty()
                || name.length() > 64
                || !ScheduleDocument.NAME.matcher(name).matches()) {
            throw ScheduleDocument.invalid(
                    name, "name", "Member must satisfy regular expression pattern: " + ScheduleDocument.NAME.pattern());
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
