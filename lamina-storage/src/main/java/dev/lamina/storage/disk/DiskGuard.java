package dev.lamina.storage.disk;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the data directory's filesystem from filling up. Each {@link #check()} reads the free space;
 * below the minimum it asks the {@link Reclaimer} (the log store: oldest log data first) to delete
 * enough to get a quarter above it, reads again, and moves to the next {@link DiskState}. While the
 * state is {@link DiskState.Low}, services refuse writes that would need new space for state of
 * their own (a function's code) with a clear error rather than start what they cannot finish;
 * invocations go on. Entering and leaving the low state are said in the node's log at WARNING and
 * INFO; deleting old logs at INFO, at most once every ten minutes.
 *
 * <p>Worked example, minimum 100 MB: 90 MB free, 300 MB of logs → the reclaimer deletes 35 MB of the
 * oldest → 125 MB free, state stays {@code Plenty}. 90 MB free and only 10 MB of logs → all 10 MB
 * go, 100 MB is not below the minimum: {@code Plenty}. 60 MB free, no logs → {@code Low}, until
 * 125 MB are free again.
 *
 * <p>{@link #check()} is called from one housekeeping thread at a time; {@link #state()} from any.
 */
public final class DiskGuard {
    private static final Logger LOG = Logger.getLogger(DiskGuard.class.getName());
    private static final Duration RECLAIM_QUIET = Duration.ofMinutes(10);

    /** Frees space on request: deletes data the node can do without, oldest first. */
    @FunctionalInterface
    public interface Reclaimer {
        /**
         * Deletes up to about {@code bytes} of data (more if its units are larger), oldest first.
         *
         * @return the bytes deleted; 0 when nothing is left to delete
         */
        long reclaim(long bytes);
    }

    private final Supplier<FreeSpace> space;
    private final MinimumFree minimum;
    private final Reclaimer reclaimer;
    private final Clock clock;
    private volatile DiskState state;
    private volatile long reclaimedBytes;
    /** When deleting old logs was last said at INFO; only the checking thread reads and writes it. */
    private Instant reclaimSaid = Instant.MIN;

    /**
     * @param space reads the filesystem's space afresh on each call
     * @param reclaimer asked to free space below the minimum; {@code bytes -> 0} when nothing may go
     */
    public DiskGuard(Supplier<FreeSpace> space, MinimumFree minimum, Reclaimer reclaimer, Clock clock) {
        this.space = space;
        this.minimum = minimum;
        this.reclaimer = reclaimer;
        this.clock = clock;
        FreeSpace first = space.get();
        this.state = new DiskState.Plenty(first, minimum.bytesFor(first.totalBytes()));
    }

    /** Reads the space, frees what it may when below the minimum, and returns the new state. */
    public DiskState check() {
        FreeSpace reading = space.get();
        long min = minimum.bytesFor(reading.totalBytes());
        if (reading.usableBytes() < min) {
            long deleted = reclaimer.reclaim(DiskState.comfortable(min) - reading.usableBytes());
            if (deleted > 0) {
                reclaimedBytes += deleted;
                sayReclaimed(deleted, min);
                reading = space.get();
            }
        }
        DiskState before = state;
        DiskState after = before.next(reading, min, clock.instant());
        state = after;
        say(before, after);
        return after;
    }

    /** Says at INFO that old logs went, at most once every ten minutes (each check may delete some). */
    private void sayReclaimed(long deleted, long min) {
        Instant now = clock.instant();
        if (now.isBefore(reclaimSaid.plus(RECLAIM_QUIET))) {
            LOG.fine(() -> "deleted " + deleted + " bytes of the oldest logs to keep " + min + " bytes free");
            return;
        }
        reclaimSaid = now;
        LOG.info("The data directory's disk is below its " + mib(min) + " minimum: deleted " + mib(deleted)
                + " of the oldest logs (" + mib(reclaimedBytes) + " since the start)");
    }

    private static void say(DiskState before, DiskState after) {
        if (before instanceof DiskState.Plenty && after instanceof DiskState.Low low) {
            LOG.warning("The data directory's disk is low: " + mib(low.reading().usableBytes()) + " free, below the "
                    + mib(low.minFreeBytes()) + " minimum even after deleting the oldest logs. Invocations go on;"
                    + " storing new code is refused until " + mib(DiskState.comfortable(low.minFreeBytes()))
                    + " are free.");
        } else if (before instanceof DiskState.Low low && after instanceof DiskState.Plenty) {
            LOG.log(
                    Level.INFO,
                    "The data directory's disk has room again: "
                            + mib(after.reading().usableBytes()) + " free (low" + " since " + low.since() + ").");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    /** The state the last check left. */
    public DiskState state() {
        return state;
    }

    /** Whether the last check found the filesystem below the minimum even after deleting old logs. */
    public boolean low() {
        return state instanceof DiskState.Low;
    }

    /** The bytes of old data deleted to keep space free since this guard was made. */
    public long reclaimedBytes() {
        return reclaimedBytes;
    }

    /** The minimum this guard keeps free. */
    public MinimumFree minimum() {
        return minimum;
    }

    /** When the filesystem went low, if it is. */
    public Instant lowSince() {
        return state instanceof DiskState.Low low ? low.since() : null;
    }
}
