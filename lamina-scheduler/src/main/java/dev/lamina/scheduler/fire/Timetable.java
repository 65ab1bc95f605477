package dev.lamina.scheduler.fire;

import dev.lamina.scheduler.timer.Lifecycle;
import dev.lamina.storage.Transaction;
import java.time.Instant;
import java.util.List;

/**
 * Something whose ticks the {@link Firing} thread fires: schedules, scheduled rules. Each owns the keys
 * (ARNs) that start with its prefix.
 */
public interface Timetable {

    /** Whether {@code key} is one of this timetable's. */
    boolean owns(String key);

    /**
     * Fires the due tick of {@code key} in {@code tx}: moves it on (or completes or deletes it) in the
     * due-time index and in its own rows, and returns what to deliver. Called by the firing thread only.
     */
    List<Delivery> fire(Transaction tx, String key, Lifecycle.Waiting waiting, Instant now);
}
