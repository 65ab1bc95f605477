package dev.lamina.metrics.prometheus;

import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics, served as {@code GET /metrics} in the text format 0.0.4: invocations,
 * errors, durations, cold starts and init durations per function and executed version (label {@code
 * qualifier}), throttles per function, the node's gauges read at each scrape, and the JVM's own.
 * Counting is Prometheus' Java client's: lock-free adders per series, found once per invocation in a
 * map of this class keyed by function and version.
 *
 * <p>Threads: {@link #ended} and {@link #throttled} from the invoke path's threads, without blocking;
 * {@link #scrape} from the edge's, calling the gauges' suppliers.
 */
public final class NodeMetrics implements InvocationObserver {
    /** The exposition format's media type. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    /**
     * Duration buckets in seconds: fine below a second, where most invocations end, then up to
     * Lambda's longest timeout (900 s).
     */
    private static final double[] DURATION_BUCKETS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900
    };

    /**
     * What the node reports at each scrape.
     *
     * @param environmentsByState execution environments by state ({@code idle}, {@code busy})
     * @param concurrentExecutions invocations running now
     * @param asyncQueueDepth asynchronous invocations accepted and not yet finished
     * @param asyncQueueOldestAgeMillis how long the event that has waited longest for an attempt has
     *     waited, 0 when none waits
     * @param usageRecordsDropped usage records the metering buffer had no room for
     * @param spansDropped spans the export buffer had no room for (0 when the node exports none)
     */
    public record Gauges(
            Supplier<Map<String, Integer>> environmentsByState,
            IntSupplier concurrentExecutions,
            IntSupplier asyncQueueDepth,
            LongSupplier asyncQueueOldestAgeMillis,
            LongSupplier usageRecordsDropped,
            LongSupplier spansDropped) {}

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter invocations;
    private final Counter errors;
    private final Counter coldStarts;
    private final Counter throttles;
    private final Histogram duration;
    private final Histogram initDuration;
    private final Map<Series.Key, Series> series = new ConcurrentHashMap<>();

    public NodeMetrics(Gauges gauges) {
        invocations = Counter.builder()
                .name("lamina_invocations_total")
                .help("Invocations that ran, by function and executed version (Lambda's Invocations)")
                .labelNames("function", "qualifier")
                .withoutExemplars()
                .register(registry);
        errors = Counter.builder()
                .name("lamina_errors_total")
                .help("Invocations that ended in a function error or a timeout (Lambda's Errors)")
                .labelNames("function", "qualifier")
                .withoutExemplars()
                .register(registry);
        coldStarts = Counter.builder()
                .name("lamina_cold_starts_total")
                .help("Invocations that started their execution environment")
                .labelNames("function", "qualifier")
                .withoutExemplars()
                .register(registry);
        throttles = Counter.builder()
                .name("lamina_throttles_total")
                .help("Invocations refused with TooManyRequestsException (Lambda's Throttles)")
                .labelNames("function")
                .withoutExemplars()
                .register(registry);
        duration = histogram("lamina_invocation_duration_seconds", "The invoke phase, as the REPORT line's Duration");
        initDuration = histogram(
                "lamina_init_duration_seconds", "The init phase of cold starts, as the REPORT line's Init Duration");
        GaugeWithCallback.builder()
                .name("lamina_environments")
                .help("Execution environments by state")
                .labelNames("state")
                .callback(cb -> gauges.environmentsByState().get().forEach((state, n) -> cb.call(n, state)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("lamina_concurrent_executions")
                .help("Invocations running now (Lambda's ConcurrentExecutions)")
                .callback(cb -> cb.call(gauges.concurrentExecutions().getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("lamina_async_queue_depth")
                .help("Asynchronous invocations accepted and not yet finished")
                .callback(cb -> cb.call(gauges.asyncQueueDepth().getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("lamina_async_queue_oldest_age_seconds")
                .help("How long the asynchronous event that has waited longest for an attempt has waited")
                .callback(cb -> cb.call(gauges.asyncQueueOldestAgeMillis().getAsLong() / 1000.0))
                .register(registry);
        CounterWithCallback.builder()
                .name("lamina_usage_records_dropped_total")
                .help("Usage records lost because the metering buffer was full")
                .callback(cb -> cb.call(gauges.usageRecordsDropped().getAsLong()))
                .register(registry);
        CounterWithCallback.builder()
                .name("lamina_spans_dropped_total")
                .help("Invocation spans lost because the export buffer was full (--otlp-endpoint)")
                .callback(cb -> cb.call(gauges.spansDropped().getAsLong()))
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    private Histogram histogram(String name, String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .labelNames("function", "qualifier")
                .classicOnly() // the text format has no native histograms: keep only what is served
                .classicUpperBounds(DURATION_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    /** One function version's data points, looked up once per invocation instead of once per metric. */
    private record Series(
            CounterDataPoint invocations,
            CounterDataPoint errors,
            CounterDataPoint coldStarts,
            DistributionDataPoint duration,
            DistributionDataPoint initDuration) {
        record Key(String function, String version) {}
    }

    private Series series(String function, String version) {
        return series.computeIfAbsent(
                new Series.Key(function, version),
                k -> new Series(
                        invocations.labelValues(function, version),
                        errors.labelValues(function, version),
                        coldStarts.labelValues(function, version),
                        duration.labelValues(function, version),
                        initDuration.labelValues(function, version)));
    }

    @Override
    public void ended(InvocationReport report) {
        Series s = series(report.function(), report.version());
        s.invocations().inc();
        if (report.outcome() != InvocationReport.Outcome.SUCCESS) {
            s.errors().inc();
        }
        s.duration().observe(report.durationMs() / 1000);
        if (report.coldStart()) {
            s.coldStarts().inc();
            s.initDuration().observe(report.initMs() / 1000);
        }
    }

    @Override
    public void throttled(String function) {
        throttles.labelValues(function).inc();
    }

    /** Every metric now, in Prometheus' text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
