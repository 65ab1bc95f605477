package dev.lamina.metrics.usage;

import dev.lamina.spi.lambda.InvocationReport;
import java.time.Clock;

/** Invocation reports for tests, ended at the given clock's time. */
final class Reports {
    private Reports() {}

    static InvocationReport report(Clock clock, String function, String arch, int memoryMb, long billedMs) {
        return new InvocationReport(
                function,
                "$LATEST",
                arch,
                memoryMb,
                512,
                billedMs - 0.5,
                -1,
                billedMs,
                InvocationReport.Outcome.SUCCESS,
                false,
                clock.instant());
    }
}
