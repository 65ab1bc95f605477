package dev.lamina.metrics.usage;

import dev.lamina.spi.lambda.InvocationReport;
import java.time.Instant;
import java.util.Objects;

/**
 * One invocation's usage as metering keeps it: what Lambda bills an invocation for, and what it is
 * billed on.
 *
 * @param endedAt when the invocation ended
 * @param function the function's name
 * @param version the version that ran
 * @param architecture {@code x86_64} or {@code arm64}: each has its own price per GB-second
 * @param memoryMb the configured memory
 * @param ephemeralStorageMb the configured {@code /tmp}; what is above 512 MB is billed on its own
 * @param billedMs the REPORT line's Billed Duration (init included where Lambda bills it)
 * @param initMs the init duration of a cold start, else negative
 * @param provisioned whether a provisioned-concurrency environment served it
 * @param outcome {@code SUCCESS}, {@code ERROR} or {@code TIMEOUT}
 */
public record UsageRecord(
        Instant endedAt,
        String function,
        String version,
        String architecture,
        int memoryMb,
        int ephemeralStorageMb,
        long billedMs,
        double initMs,
        boolean provisioned,
        String outcome) {

    /** The storage Lambda includes in the price of an invocation. */
    public static final int INCLUDED_EPHEMERAL_MB = 512;

    public UsageRecord {
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(outcome, "outcome");
        if (memoryMb <= 0 || billedMs < 1 || ephemeralStorageMb < 0) {
            throw new IllegalArgumentException(
                    "not a billable invocation: " + memoryMb + " MB for " + billedMs + " ms");
        }
    }

    /** The record of what {@code report} tells. */
    public static UsageRecord of(InvocationReport report) {
        return new UsageRecord(
                report.endedAt(),
                report.function(),
                report.version(),
                report.architecture(),
                report.memoryMb(),
                report.ephemeralStorageMb(),
                report.billedMs(),
                report.initMs(),
                report.provisioned(),
                report.outcome().name());
    }

    /** Memory times billed time, in MB-milliseconds: exact, where GB-seconds would round. */
    public long memoryMbMs() {
        return (long) memoryMb * billedMs;
    }

    /** {@code /tmp} above the included 512 MB times billed time, in MB-milliseconds. */
    public long extraEphemeralMbMs() {
        return (long) Math.max(0, ephemeralStorageMb - INCLUDED_EPHEMERAL_MB) * billedMs;
    }

    /** GB-seconds, as Lambda's bill counts them: memory in GB (MB / 1024) times billed seconds. */
    public double gbSeconds() {
        return Billing.gbSeconds(memoryMbMs());
    }
}
