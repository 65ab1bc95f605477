package dev.lamina.scheduler.schedule;

import java.time.Instant;

/** A schedule group: a name schedules are filed under; {@code default} always exists. */
public record ScheduleGroup(String name, String arn, Instant created, Instant modified) {}
