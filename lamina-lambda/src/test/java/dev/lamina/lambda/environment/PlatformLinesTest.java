package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlatformLinesTest {
    @Test
    void reportOnAColdStart() {
        assertEquals(
                "REPORT RequestId: r1\tDuration: 102.34 ms\tBilled Duration: 349 ms\tMemory Size: 128 MB\t"
                        + "Max Memory Used: 71 MB\tInit Duration: 245.67 ms\t",
                PlatformLines.report(
                        "r1",
                        102.3449,
                        PlatformLines.billedMs(102.3449, 245.666, false),
                        128,
                        71,
                        245.666,
                        null,
                        null));
    }

    @Test
    void reportOfAWarmFailure() {
        assertEquals(
                "REPORT RequestId: r2\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 256 MB\t"
                        + "Max Memory Used: 20 MB\tStatus: error\tError Type: Runtime.ExitError\t",
                PlatformLines.report("r2", 3000, 3000, 256, 20, -1, "error", "Runtime.ExitError"));
    }

    @Test
    void billedDurationRoundsUpToWholeMillisecondsAndIsAtLeastOne() {
        assertEquals(1, PlatformLines.billedMs(0.01));
        assertEquals(2, PlatformLines.billedMs(1.01));
        assertEquals(5, PlatformLines.billedMs(5.0));
    }

    @Test
    void aColdStartBillsInitAndInvokeTogetherRoundedUpOnce() {
        assertEquals(349, PlatformLines.billedMs(102.3449, 245.666, false)); // 348.0109 ms
        assertEquals(201, PlatformLines.billedMs(100.4, 100.4, false)); // 200.8, not 101 + 101
        assertEquals(103, PlatformLines.billedMs(102.3449, -1, false)); // warm
        assertEquals(103, PlatformLines.billedMs(102.3449, 245.666, true)); // provisioned: init is its own
    }

    @Test
    void initReportOfAFailedInit() {
        assertEquals(
                "INIT_REPORT Init Duration: 1.49 ms\tPhase: init\tStatus: error\tError Type: Runtime.InvalidEntrypoint",
                PlatformLines.initReport(1.494, "init", "error", "Runtime.InvalidEntrypoint"));
        assertEquals(
                "INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout",
                PlatformLines.initReport(10_000, "init", "timeout", null));
    }

    @Test
    void startAndEnd() {
        assertEquals("START RequestId: r3 Version: $LATEST", PlatformLines.start("r3", "$LATEST"));
        assertEquals("END RequestId: r3", PlatformLines.end("r3"));
    }

    @Test
    void jsonRecordsForTheJsonLogFormat() {
        java.time.Instant at = java.time.Instant.parse("2026-12-08T01:02:03.456Z");
        String start = PlatformLines.startRecord(at, "r4", "$LATEST");
        assertEquals(
                "{\"time\":\"2026-12-08T01:02:03.456Z\",\"type\":\"platform.start\","
                        + "\"record\":{\"requestId\":\"r4\",\"version\":\"$LATEST\"}}",
                start);
        String report = new PlatformLines.Report("r4", 102.3449, 349, 128, 71, 245.666, null, null).record(at);
        assertEquals(
                "{\"time\":\"2026-12-08T01:02:03.456Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r4\","
                        + "\"metrics\":{\"durationMs\":102.34,\"billedDurationMs\":349,\"memorySizeMB\":128,"
                        + "\"maxMemoryUsedMB\":71,\"initDurationMs\":245.67},\"status\":\"success\"}}",
                report);
        assertEquals(
                "{\"time\":\"2026-12-08T01:02:03.456Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r5\","
                        + "\"metrics\":{\"durationMs\":3000.00,\"billedDurationMs\":3000,\"memorySizeMB\":256,"
                        + "\"maxMemoryUsedMB\":20},\"status\":\"error\",\"errorType\":\"Runtime.ExitError\"}}",
                new PlatformLines.Report("r5", 3000, 3000, 256, 20, -1, "error", "Runtime.ExitError").record(at));
        org.junit.jupiter.api.Assertions.assertTrue(PlatformLines.isStart(start));
        org.junit.jupiter.api.Assertions.assertTrue(PlatformLines.isStart("START RequestId: r3 Version: 1"));
        assertEquals("r4", PlatformLines.reportedRequestId(report));
        assertEquals("r2", PlatformLines.reportedRequestId(PlatformLines.report("r2", 1, 1, 128, 1, -1, null, null)));
        assertEquals(null, PlatformLines.reportedRequestId(start));
    }
}
