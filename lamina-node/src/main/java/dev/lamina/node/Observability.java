package dev.lamina.node;

import dev.lamina.cloudwatch.CloudWatchService;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpResponse;
import dev.lamina.lambda.LambdaService;
import dev.lamina.metrics.prometheus.NodeMetrics;
import dev.lamina.metrics.tracing.InvocationSpans;
import dev.lamina.metrics.tracing.SpanExport;
import dev.lamina.metrics.usage.SqliteUsageStore;
import dev.lamina.metrics.usage.UsageStore;
import dev.lamina.metrics.usage.UsageWriter;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.storage.Database;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node tells about what runs (decision 47): a usage record per invocation, kept in the
 * node's database by a writer of its own, and the Prometheus metrics of {@code GET /metrics} unless
 * the node was started with {@code --no-metrics}, and CloudWatch's metrics API with Lambda's own
 * metrics in {@code AWS/Lambda} (decision 50), and a span per invocation exported over OTLP when the
 * node was started with {@code --otlp-endpoint} (decision 55; nothing is built when it was not). All
 * hear Lambda through one {@link InvocationObserver}.
 */
final class Observability implements AutoCloseable {
    /**
     * Usage records the buffer holds while the writer writes: at about 100 bytes each, 6.5 MB, many
     * seconds of the node's fastest invoke rate.
     */
    static final int USAGE_BUFFER = 65_536;

    private final SqliteUsageStore usageStore;
    private final UsageWriter usage;
    private final NodeMetrics metrics;
    private final CloudWatchService cloudwatch;
    private final LambdaService lambda;
    /** {@code null} unless the node exports spans. */
    private final SpanExport spans;

    /**
     * @param cloudwatch built before Lambda, whose log lines it reads
     * @param otlpEndpoint the collector spans are exported to, or {@code null} for none
     */
    Observability(
            boolean metricsOn,
            String otlpEndpoint,
            Database database,
            LambdaService lambda,
            CloudWatchService cloudwatch) {
        this.usageStore = SqliteUsageStore.in(database);
        this.usage = new UsageWriter(usageStore, USAGE_BUFFER);
        this.spans = otlpEndpoint == null
                ? null
                : SpanExport.otlp(otlpEndpoint, InvocationSpans.resource("lamina", hostName()));
        this.metrics = metricsOn
                ? new NodeMetrics(new NodeMetrics.Gauges(
                        () -> environments(lambda.environmentCounts()),
                        lambda::concurrentExecutions,
                        lambda::asyncQueueDepth,
                        lambda::asyncQueueOldestAgeMillis,
                        usage::dropped,
                        () -> spans == null ? 0 : spans.dropped()))
                : null;
        this.cloudwatch = cloudwatch;
        this.lambda = lambda;
        InvocationObserver observer = metrics == null ? usage : InvocationObserver.both(usage, metrics);
        observer = InvocationObserver.both(observer, cloudwatch.lambdaObserver());
        lambda.attach(spans == null ? observer : InvocationObserver.both(observer, spans));
    }

    /** The usage records the node writes, for the console's usage page. */
    UsageStore usageStore() {
        return usageStore;
    }

    /** CloudWatch's API on the edge. */
    List<EdgeService> services() {
        return cloudwatch.services();
    }

    private static Map<String, Integer> environments(int[] idleAndBusy) {
        Map<String, Integer> byState = new LinkedHashMap<>();
        byState.put("idle", idleAndBusy[0]);
        byState.put("busy", idleAndBusy[1]);
        return byState;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Starts writing usage records and Lambda's CloudWatch metrics, and exporting spans. */
    void start() {
        usage.start();
        if (spans != null) {
            spans.start();
        }
        cloudwatch.start(lambda::concurrentExecutions);
    }

    /** {@code GET /metrics}: the metrics in Prometheus' text format, or 404 when they are off. */
    HttpResponse scrape() {
        if (metrics == null) {
            return HttpResponse.json(
                    404, "{\"message\":\"This node serves no metrics: it was started with --no-metrics\"}");
        }
        return new HttpResponse(200, Map.of("Content-Type", NodeMetrics.CONTENT_TYPE), metrics.scrape());
    }

    /**
     * Writes the usage records still buffered and exports the spans; called after Lambda stopped,
     * before the database closes.
     */
    @Override
    public void close() {
        usage.close();
        if (spans != null) {
            spans.close();
        }
        cloudwatch.close();
    }
}
