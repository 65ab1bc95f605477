package dev.lamina.spi.lambda;

import java.time.Instant;
import java.util.Objects;

/**
 * What one invocation used, as Lambda's REPORT line tells it: written once when the invocation ends
 * in its execution environment, whatever invoked it (a synchronous call, the asynchronous queue, an
 * event source mapping, a function URL).
 *
 * @param function the function's name
 * @param version the version that ran ({@code $LATEST} or a number): Lambda's ExecutedVersion
 * @param architecture {@code x86_64} or {@code arm64}
 * @param memoryMb the configured memory
 * @param ephemeralStorageMb the configured {@code /tmp} size (512 is what Lambda includes in the price)
 * @param durationMs the invoke phase, as the REPORT line's Duration
 * @param initMs the init phase when this invocation started its environment (a cold start), else
 *     negative
 * @param billedMs the REPORT line's Billed Duration: whole milliseconds, rounded up, init included
 *     where Lambda bills it
 * @param provisioned whether a provisioned-concurrency environment served it
 * @param endedAt when it ended, by the node's wall clock
 * @param requestId the invocation's request id, or {@code null} where the teller has none
 * @param invokedArn the ARN the caller invoked (qualified when it named a qualifier), or {@code null}
 * @param trace where the invocation sits in its trace, or {@code null}
 * @param trigger what triggered it, or {@code null} when unknown
 */
public record InvocationReport(
        String function,
        String version,
        String architecture,
        int memoryMb,
        int ephemeralStorageMb,
        double durationMs,
        double initMs,
        long billedMs,
        Outcome outcome,
        boolean provisioned,
        Instant endedAt,
        String requestId,
        String invokedArn,
        InvocationTrace trace,
        InvocationTrigger trigger) {

    /** How the invocation ended, as Lambda's Errors metric counts it. */
    public enum Outcome {
        /** The function answered. */
        SUCCESS,
        /** The function returned an error, or the runtime failed (exit, init error, oversized response). */
        ERROR,
        /** The function's timeout passed. */
        TIMEOUT
    }

    /** A report that tells no request id, ARN or trace. */
    public InvocationReport(
            String function,
            String version,
            String architecture,
            int memoryMb,
            int ephemeralStorageMb,
            double durationMs,
            double initMs,
            long billedMs,
            Outcome outcome,
            boolean provisioned,
            Instant endedAt) {
        this(
                function,
                version,
                architecture,
                memoryMb,
                ephemeralStorageMb,
                durationMs,
                initMs,
                billedMs,
                outcome,
                provisioned,
                endedAt,
                null,
                null,
                null,
                null);
    }

    public InvocationReport {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(endedAt, "endedAt");
        if (memoryMb <= 0 || ephemeralStorageMb < 0 || durationMs < 0 || billedMs < 1) {
            throw new IllegalArgumentException("not a possible invocation: " + memoryMb + " MB, " + durationMs
                    + " ms, billed " + billedMs + " ms");
        }
    }

    /**
     * When the invocation started, as far as its environment saw it: the end less the invoke phase
     * and, on a cold start, the init it waited for.
     */
    public Instant startedAt() {
        double ms = durationMs + Math.max(0, initMs);
        return endedAt.minusNanos(Math.round(ms * 1e6));
    }

    /** Whether this invocation paid for its environment's init. */
    public boolean coldStart() {
        return initMs >= 0;
    }
}
