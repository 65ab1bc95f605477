package dev.lamina.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionsTest {
    private static final Instant NINE = Instant.parse("2026-12-08T09:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NINE);
    private final Sessions sessions =
            new Sessions(now::get, new Random(7), Duration.ofMinutes(30), Duration.ofHours(8));

    @Test
    void aSessionIdlesOutUnlessUsed() {
        Session s = sessions.open("AKID");
        assertEquals(NINE.plus(Duration.ofMinutes(30)), s.idleUntil());
        now.set(NINE.plus(Duration.ofMinutes(20)));
        assertEquals(
                NINE.plus(Duration.ofMinutes(50)),
                sessions.use(s.id()).orElseThrow().idleUntil());
        now.set(NINE.plus(Duration.ofMinutes(50)));
        assertTrue(sessions.use(s.id()).isEmpty(), "idle for 30 minutes: gone");
        now.set(NINE);
        assertTrue(sessions.use(s.id()).isEmpty(), "and forgotten, not only hidden");
    }

    @Test
    void renewalsNeverPassTheLifetime() {
        Session s = sessions.open("AKID");
        for (int minutes = 25; minutes < 8 * 60; minutes += 25) {
            now.set(NINE.plus(Duration.ofMinutes(minutes)));
            Session used = sessions.use(s.id()).orElseThrow();
            assertTrue(!used.idleUntil().isAfter(NINE.plus(Duration.ofHours(8))), used.toString());
        }
        now.set(NINE.plus(Duration.ofHours(8)));
        assertTrue(sessions.use(s.id()).isEmpty(), "eight hours after sign-in: over, used or not");
    }

    @Test
    void idsAndTokensAreLongRandomAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Session s = sessions.open("AKID");
            assertEquals(64, s.id().length());
            assertNotEquals(s.id(), s.csrfToken());
            assertTrue(seen.add(s.id()) && seen.add(s.csrfToken()));
        }
    }

    @Test
    void signOutEndsASessionAndUnknownIdsFindNone() {
        Session s = sessions.open("AKID");
        sessions.close(s.id());
        assertTrue(sessions.use(s.id()).isEmpty());
        assertTrue(sessions.use(null).isEmpty());
        assertTrue(sessions.use("nope").isEmpty());
    }

    @Test
    void aFloodOfSignInsKeepsTheNewestSessions() {
        Session first = sessions.open("AKID");
        for (int i = 1; i < Sessions.MAX; i++) {
            now.set(NINE.plusMillis(i));
            sessions.open("AKID");
        }
        Session last = sessions.open("AKID");
        assertTrue(sessions.use(first.id()).isEmpty(), "the oldest made room");
        assertTrue(sessions.use(last.id()).isPresent());
    }

    @Test
    void anIdleTimeMustFitTheLifetime() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Sessions(now::get, new Random(), Duration.ofHours(2), Duration.ofHours(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Sessions(now::get, new Random(), Duration.ZERO, Duration.ofHours(1)));
    }
}
