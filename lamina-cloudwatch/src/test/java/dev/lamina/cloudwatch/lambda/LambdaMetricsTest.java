package dev.lamina.cloudwatch.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.cloudwatch.metric.MetricStore;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.cloudwatch.store.SqliteMetricStore;
import dev.lamina.spi.lambda.InvocationReport;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaMetricsTest {
    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");

    private InvocationReport report(String version, double ms, InvocationReport.Outcome outcome, Instant at) {
        return new InvocationReport(
                "fn", version, "x86_64", 128, 512, ms, -1, (long) Math.ceil(ms), outcome, false, at);
    }

    private double sum(Metrics metrics, String name, Map<String, String> dims, String stat, int period) {
        List<MetricStore.Point> points =
                metrics.periods(Metric.of("AWS/Lambda", name, dims), null, t0, t0.plusSeconds(60), period);
        return points.stream()
                .mapToDouble(p -> switch (stat) {
                    case "Sum" -> p.values().sum();
                    case "SampleCount" -> p.values().count();
                    case "Maximum" -> p.values().max();
                    default -> p.values().min();
                })
                .sum();
    }

    @Test
    void invocationsErrorsDurationsThrottlesAndConcurrencyReachTheStoreUnderLambdasDimensions() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(t0.plusSeconds(5));
        AtomicInteger running = new AtomicInteger(3);
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            Metrics metrics = new Metrics(new SqliteMetricStore(db), now::get);
            LambdaMetrics feed = new LambdaMetrics(metrics, now::get, running::get);
            feed.ended(report("$LATEST", 10, InvocationReport.Outcome.SUCCESS, t0.plusMillis(1200)));
            feed.ended(report("$LATEST", 30, InvocationReport.Outcome.ERROR, t0.plusMillis(1800)));
            feed.ended(report("2", 20, InvocationReport.Outcome.TIMEOUT, t0.plusMillis(2100)));
            feed.throttled("fn");
            feed.logged(
                    "{\"_aws\":{\"CloudWatchMetrics\":[{\"Namespace\":\"App\",\"Metrics\":[{\"Name\":\"Hits\"}]}]},"
                            + "\"Hits\":4}",
                    t0.plusSeconds(3).toEpochMilli());
            feed.logged(
                    "REPORT RequestId: 1 Duration: 2.00 ms", t0.plusSeconds(3).toEpochMilli());
            feed.drain();

            Map<String, String> fn = Map.of("FunctionName", "fn");
            assertEquals(3, sum(metrics, "Invocations", fn, "Sum", 60));
            assertEquals(3, sum(metrics, "Invocations", Map.of(), "Sum", 60));
            assertEquals(2, sum(metrics, "Errors", fn, "Sum", 60));
            assertEquals(3, sum(metrics, "Errors", fn, "SampleCount", 60));
            assertEquals(30, sum(metrics, "Duration", fn, "Maximum", 60));
            List<MetricStore.Point> seconds =
                    metrics.periods(Metric.of("AWS/Lambda", "Invocations", fn), null, t0, t0.plusSeconds(60), 1);
            assertEquals(
                    List.of(t0.plusSeconds(1), t0.plusSeconds(2)),
                    seconds.stream().map(MetricStore.Point::start).toList());
            assertEquals(2, seconds.get(0).values().sum());
            Map<String, String> v2 = Map.of("FunctionName", "fn", "Resource", "fn:2");
            assertEquals(1, sum(metrics, "Invocations", v2, "Sum", 60));
            assertEquals(
                    20,
                    sum(
                            metrics,
                            "Duration",
                            Map.of("FunctionName", "fn", "Resource", "fn:2", "ExecutedVersion", "2"),
                            "Sum",
                            60));
            assertEquals(1, sum(metrics, "Throttles", fn, "Sum", 60));
            assertEquals(3, sum(metrics, "ConcurrentExecutions", Map.of(), "Maximum", 60));

            assertEquals(
                    4,
                    metrics.periods(Metric.of("App", "Hits", Map.of()), null, t0, t0.plusSeconds(60), 60)
                            .getFirst()
                            .values()
                            .sum(),
                    "an Embedded Metric Format line");

            running.set(0);
            assertEquals(0, feed.drain(), "an idle node writes nothing");
            feed.close();
        }
    }
}
