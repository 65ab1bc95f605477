package dev.lamina.node.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A {@code --since} value: how far back (a number and {@code s}, {@code m}, {@code h} or {@code d}:
 * {@code 90m}, {@code 7d}), an ISO instant ({@code 2026-12-01T08:00:00Z}) or an ISO date, which is
 * its midnight UTC ({@code 2026-12-01}).
 */
final class Since {
    private Since() {}

    /** The instant {@code text} names, durations counted back from {@code clock}'s now. */
    static Instant parse(String text, Clock clock) {
        if (text.matches("\\d+[smhd]")) {
            return clock.instant().minus(duration(text));
        }
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--since takes a duration (90m, 2h, 7d), an ISO date (2026-12-01) or"
                    + " an ISO instant (2026-12-01T08:00:00Z), not " + text);
        }
    }

    /** A number and {@code s}, {@code m}, {@code h} or {@code d}. */
    static Duration duration(String text) {
        if (!text.matches("\\d+[smhd]")) {
            throw new IllegalArgumentException("Use a number and s, m, h or d: " + text);
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
