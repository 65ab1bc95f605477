package dev.lamina.storage.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DiskGuardTest {
    private static final long MB = 1_000_000;
    private static final long TOTAL = 1000 * MB;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    /** The filesystem as the guard reads it, and the old logs a reclaimer may still delete. */
    private long free = 500 * MB;

    private long logs = 0;

    private DiskGuard guard() {
        return new DiskGuard(() -> new FreeSpace(free, TOTAL), new MinimumFree(100 * MB, 100), this::reclaim, clock);
    }

    private long reclaim(long bytes) {
        long deleted = Math.min(bytes, logs);
        logs -= deleted;
        free += deleted;
        return deleted;
    }

    @Test
    void belowTheMinimumOldLogsGoFirstAndTheStateStaysPlentyWhenThatSuffices() {
        DiskGuard guard = guard();
        free = 90 * MB;
        logs = 300 * MB;

        DiskState state = guard.check();

        assertInstanceOf(DiskState.Plenty.class, state);
        assertEquals(125 * MB, free, "relief aims a quarter above the minimum");
        assertEquals(35 * MB, guard.reclaimedBytes());
        assertEquals(265 * MB, logs);
    }

    @Test
    void aboveTheMinimumNothingIsDeleted() {
        DiskGuard guard = guard();
        free = 100 * MB;
        logs = 300 * MB;

        guard.check();

        assertEquals(300 * MB, logs);
        assertEquals(0, guard.reclaimedBytes());
    }

    @Test
    void lowWhenDeletingEveryOldLogIsNotEnoughUntilAQuarterMoreIsFree() {
        DiskGuard guard = guard();
        free = 60 * MB;
        logs = 10 * MB;

        assertTrue(guard.check() instanceof DiskState.Low);
        assertEquals(0, logs);
        Instant since = clock.instant();
        assertEquals(since, guard.lowSince());

        clock.advance(Duration.ofSeconds(5));
        free = 110 * MB; // above the minimum, not yet comfortably
        assertTrue(guard.low(), "no flapping at the line");
        guard.check();
        assertTrue(guard.low());
        assertEquals(since, guard.lowSince(), "low since the first reading below the minimum");

        free = 125 * MB;
        assertInstanceOf(DiskState.Plenty.class, guard.check());
        assertFalse(guard.low());
    }

    @Test
    void theNodesLogSaysWhenOldLogsGoAtMostEveryTenMinutesAndWhenTheDiskGoesLowAndRecovers() {
        List<String> said = new ArrayList<>();
        Logger log = Logger.getLogger(DiskGuard.class.getName());
        Handler listener = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    said.add(r.getLevel() + " " + r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(listener);
        try {
            DiskGuard guard = guard();
            logs = 1000 * MB;
            for (int second = 0; second < 3; second++) {
                free = 90 * MB;
                guard.check();
                clock.advance(Duration.ofSeconds(1));
            }
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).startsWith("INFO") && said.get(0).contains("deleted 33.4 MiB"), said.toString());

            clock.advance(Duration.ofMinutes(10));
            free = 90 * MB;
            guard.check();
            assertEquals(2, said.size(), said.toString());

            logs = 0;
            free = 10 * MB;
            guard.check();
            assertTrue(said.get(2).startsWith("WARNING") && said.get(2).contains("disk is low"), said.toString());
            free = 200 * MB;
            guard.check();
            assertTrue(said.get(3).startsWith("INFO") && said.get(3).contains("has room again"), said.toString());
            assertEquals(4, said.size(), said.toString());
        } finally {
            log.removeHandler(listener);
        }
    }

    @Test
    void aMinimumIsASizeAShareOrTheSmallerOfBoth() {
        assertEquals(512L << 20, MinimumFree.parse("512M").bytesFor(TOTAL * 1000));
        assertEquals(2L << 30, MinimumFree.parse("2g").bytesFor(TOTAL * 1000));
        assertEquals(4096, MinimumFree.parse("4096").bytesFor(TOTAL));
        assertEquals(50 * MB, MinimumFree.parse("5%").bytesFor(TOTAL));
        assertEquals(50 * MB, MinimumFree.DEFAULT.bytesFor(TOTAL), "5% of a small disk");
        assertEquals(1L << 30, MinimumFree.DEFAULT.bytesFor(TOTAL * 1000), "1 GiB of a large one");
        assertThrows(IllegalArgumentException.class, () -> MinimumFree.parse("lots"));
        assertThrows(IllegalArgumentException.class, () -> MinimumFree.parse("101%"));
    }
}
