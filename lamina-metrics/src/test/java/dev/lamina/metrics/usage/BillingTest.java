package dev.lamina.metrics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.spi.lambda.InvocationReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BillingTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void gbSecondsAreMemoryInGibTimesBilledSeconds() {
        UsageRecord r = UsageRecord.of(Reports.report(clock, "f", "x86_64", 128, 201));
        assertEquals(128L * 201, r.memoryMbMs());
        assertEquals(0.025125, r.gbSeconds(), 1e-12); // 0.125 GB × 0.201 s
        assertEquals(1.0, Billing.gbSeconds(1024L * 1000), 1e-12); // 1 GB for 1 s
    }

    @Test
    void aColdStartIsBilledOnTheReportsBilledDurationInitIncluded() {
        // Lambda bills init + invoke rounded up once (lamina-lambda's PlatformLines makes billedMs)
        InvocationReport cold = new InvocationReport(
                "f",
                "1",
                "x86_64",
                1024,
                512,
                102.34,
                245.67,
                349,
                InvocationReport.Outcome.SUCCESS,
                false,
                clock.instant());
        UsageRecord r = UsageRecord.of(cold);
        assertEquals(349, r.billedMs());
        assertEquals(0.349, r.gbSeconds(), 1e-12);
        assertEquals(245.67, r.initMs());
        assertEquals(clock.instant(), r.endedAt());
    }

    @Test
    void onlyEphemeralStorageAbove512MbIsBilledOnItsOwn() {
        InvocationReport report = new InvocationReport(
                "f",
                "$LATEST",
                "arm64",
                128,
                10_240,
                999.1,
                -1,
                1000,
                InvocationReport.Outcome.ERROR,
                false,
                clock.instant());
        assertEquals((10_240L - 512) * 1000, UsageRecord.of(report).extraEphemeralMbMs());
        assertEquals(
                0, UsageRecord.of(Reports.report(clock, "f", "x86_64", 128, 5)).extraEphemeralMbMs());
    }

    @Test
    void anInvocationIsBilledAtLeastOneMillisecond() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new UsageRecord(clock.instant(), "f", "1", "x86_64", 128, 512, 0, -1, false, "SUCCESS"));
    }
}
