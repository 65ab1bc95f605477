package dev.lamina.scheduler.schedule;

import dev.lamina.storage.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * Where schedules and schedule groups are kept: SQLite on one node ({@link SqliteScheduleStore}),
 * PostgreSQL in a cluster. Every method runs in the caller's transaction, so that a schedule and its
 * place in the due-time index change together. Lists are ordered by name, then group.
 */
public interface ScheduleStore {

    /** A schedule and whether it has completed (no tick is left). */
    record Stored(Schedule schedule, boolean completed) {}

    /** Adds a group; false if one has its name. */
    boolean insertGroup(Transaction tx, ScheduleGroup group);

    Optional<ScheduleGroup> group(Transaction tx, String name);

    /** Groups whose name starts with {@code prefix} (any when {@code null}), after the name {@code after}. */
    List<ScheduleGroup> groups(Transaction tx, String prefix, String after, int limit);

    /** Removes a group and every schedule in it; returns the removed schedules' ARNs. */
    List<String> deleteGroup(Transaction tx, String name);

    /** Adds a schedule; false if its group holds one of its name. */
    boolean insert(Transaction tx, Schedule schedule, boolean completed);

    /** Replaces a schedule of the same group and name. */
    void update(Transaction tx, Schedule schedule, boolean completed);

    Optional<Stored> get(Transaction tx, String group, String name);

    Optional<Stored> byArn(Transaction tx, String arn);

    boolean delete(Transaction tx, String group, String name);

    /**
     * Schedules in {@code group} (any when {@code null}), whose name starts with {@code prefix} (any when
     * {@code null}), ENABLED or not ({@code null} for both), after the position {@code after} (a name and
     * group as {@link #position} gives it, or {@code null}).
     */
    List<Schedule> list(Transaction tx, String group, String prefix, Boolean enabled, String after, int limit);

    /** Where a schedule stands in the order of {@link #list}, to continue after it. */
    static String position(Schedule s) {
        return s.name() + "/" + s.group();
    }
}
