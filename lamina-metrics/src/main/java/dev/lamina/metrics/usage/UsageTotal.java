package dev.lamina.metrics.usage;

/**
 * The sum of some usage records that share a report line, a calendar month and an architecture.
 *
 * @param key the report line: a function's name, or a day as {@code 2026-12-07}
 * @param month the calendar month (UTC) as {@code 2026-12}: the free tier is monthly
 * @param architecture {@code x86_64} or {@code arm64}
 * @param requests how many invocations
 * @param memoryMbMs their memory times billed duration, in MB-milliseconds
 * @param extraEphemeralMbMs their {@code /tmp} above 512 MB times billed duration, in MB-milliseconds
 */
public record UsageTotal(
        String key, String month, String architecture, long requests, long memoryMbMs, long extraEphemeralMbMs) {}
