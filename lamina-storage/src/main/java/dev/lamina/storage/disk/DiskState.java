package dev.lamina.storage.disk;

import java.time.Instant;

/**
 * Whether the data directory's filesystem has room, as the {@link DiskGuard} last saw it. A pure
 * transition: below the minimum a filesystem is {@link Low}; it is {@link Plenty} again only once a
 * quarter more than the minimum is free, so a node hovering at the line does not flap between the two.
 */
public sealed interface DiskState {
    FreeSpace reading();

    /** The minimum in bytes this state was judged against. */
    long minFreeBytes();

    record Plenty(FreeSpace reading, long minFreeBytes) implements DiskState {}

    /** @param since when the filesystem went below the minimum */
    record Low(Instant since, FreeSpace reading, long minFreeBytes) implements DiskState {}

    /** The state after a reading at {@code now}, with the minimum {@code minFreeBytes}. */
    default DiskState next(FreeSpace reading, long minFreeBytes, Instant now) {
        long usable = reading.usableBytes();
        return switch (this) {
            case Plenty p when usable < minFreeBytes -> new Low(now, reading, minFreeBytes);
            case Plenty p -> new Plenty(reading, minFreeBytes);
            case Low low when usable >= comfortable(minFreeBytes) -> new Plenty(reading, minFreeBytes);
            case Low low -> new Low(low.since(), reading, minFreeBytes);
        };
    }

    /** What must be free to leave {@link Low}, and what relief aims for: the minimum and a quarter. */
    static long comfortable(long minFreeBytes) {
        return minFreeBytes + minFreeBytes / 4;
    }
}
