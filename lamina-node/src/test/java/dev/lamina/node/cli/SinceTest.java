package dev.lamina.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SinceTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aDurationCountsBackFromNow() {
        assertEquals(Instant.parse("2026-12-07T08:30:00Z"), Since.parse("90m", clock));
        assertEquals(Instant.parse("2026-11-30T10:00:00Z"), Since.parse("7d", clock));
        assertEquals(Instant.parse("2026-12-07T09:59:30Z"), Since.parse("30s", clock));
    }

    @Test
    void aDateIsItsMidnightUtcAndAnInstantItself() {
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), Since.parse("2026-12-01", clock));
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"), Since.parse("2026-12-01T08:00:00Z", clock));
    }

    @Test
    void anythingElseIsAClearError() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Since.parse("yesterday", clock));
        assertEquals(
                "--since takes a duration (90m, 2h, 7d), an ISO date (2026-12-01) or an ISO instant"
                        + " (2026-12-01T08:00:00Z), not yesterday",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Since.duration("5w"));
    }
}
