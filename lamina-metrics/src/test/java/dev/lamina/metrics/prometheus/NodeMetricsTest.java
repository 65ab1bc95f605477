package dev.lamina.metrics.prometheus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.spi.lambda.InvocationReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
    private static InvocationReport report(double durationMs, double initMs, InvocationReport.Outcome outcome) {
        return new InvocationReport(
                "hello",
                "3",
                "x86_64",
                128,
                512,
                durationMs,
                initMs,
                (long) Math.ceil(durationMs + Math.max(0, initMs)),
                outcome,
                false,
                Instant.parse("2026-12-07T10:00:00Z"));
    }

    @Test
    void countsInvocationsErrorsColdStartsAndDurationsPerFunctionAndVersion() {
        NodeMetrics metrics = new NodeMetrics(new NodeMetrics.Gauges(
                () -> Map.of("idle", 2, "busy", 1), () -> 1, () -> 7, () -> 2500, () -> 0, () -> 4));
        metrics.ended(report(200.5, 120, InvocationReport.Outcome.SUCCESS));
        metrics.ended(report(3.2, -1, InvocationReport.Outcome.SUCCESS));
        metrics.ended(report(3000, -1, InvocationReport.Outcome.TIMEOUT));
        metrics.throttled("hello");
        String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
        assertContains(text, "lamina_invocations_total{function=\"hello\",qualifier=\"3\"} 3.0");
        assertContains(text, "lamina_errors_total{function=\"hello\",qualifier=\"3\"} 1.0");
        assertContains(text, "lamina_cold_starts_total{function=\"hello\",qualifier=\"3\"} 1.0");
        assertContains(text, "lamina_throttles_total{function=\"hello\"} 1.0");
        assertContains(
                text, "lamina_invocation_duration_seconds_bucket{function=\"hello\",qualifier=\"3\",le=\"0.005\"} 1");
        assertContains(
                text, "lamina_invocation_duration_seconds_bucket{function=\"hello\",qualifier=\"3\",le=\"0.25\"} 2");
        assertContains(text, "lamina_invocation_duration_seconds_count{function=\"hello\",qualifier=\"3\"} 3");
        assertContains(text, "lamina_init_duration_seconds_count{function=\"hello\",qualifier=\"3\"} 1");
        assertContains(text, "lamina_environments{state=\"idle\"} 2.0");
        assertContains(text, "lamina_concurrent_executions 1.0");
        assertContains(text, "lamina_async_queue_depth 7.0");
        assertContains(text, "lamina_async_queue_oldest_age_seconds 2.5");
        assertContains(text, "lamina_spans_dropped_total 4.0");
        assertContains(text, "jvm_memory_used_bytes");
        assertContains(text, "jvm_threads_current");
    }

    private static void assertContains(String text, String line) {
        assertTrue(text.contains(line), () -> "no " + line + " in\n" + text);
    }
}
