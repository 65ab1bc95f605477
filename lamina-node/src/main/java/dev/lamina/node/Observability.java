package dev.lamina.node;

import dev.lamina.cloudwatch.CloudWatchService;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpResponse;
import dev.lamina.lambda.LambdaService;
import dev.lamina.metrics.prometheus.NodeMetrics;
import dev.lamina.metrics.usage.SqliteUsageStore;
import dev.lamina.metrics.usage.UsageWriter;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.storage.Database;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node tells about what runs (decision 47): a usage record per invocation, kept in the
 * node's database by a writer of its own, and the Prometheus metrics of {@code GET /metrics} unless
 * the node was started with {@code --no-metrics}, and CloudWatch's metrics API with Lambda's own
 * metrics in {@code AWS/Lambda} (decision 50). All hear Lambda through one {@link InvocationObserver}.
 */
final class Observability implements AutoCloseable {
    /**
     * Usage records the buffer holds while the writer writes: at about 100 bytes each, 6.5 MB, many
     * seconds of the node's fastest invoke rate.
     */
    static final int USAGE_BUFFER = 65_536;

    private final UsageWriter usage;
    private final NodeMetrics metrics;
    private final CloudWatchService cloudwatch;
    private final LambdaService lambda;

    /** @param cloudwatch built before Lambda, whose log lines it reads */
    Observability(boolean metricsOn, Database database, LambdaService lambda, CloudWatchService cloudwatch) {
        this.usage = new UsageWriter(SqliteUsageStore.in(database), USAGE_BUFFER);
        this.metrics = metricsOn
                ? new NodeMetrics(new NodeMetrics.Gauges(
                        () -> environments(lambda.environmentCounts()),
                        lambda::concurrentExecutions,
                        lambda::asyncQueueDepth,
                        lambda::asyncQueueOldestAgeMillis,
                        usage::dropped))
                : null;
        this.cloudwatch = cloudwatch;
        this.lambda = lambda;
        InvocationObserver metering = metrics == null ? usage : InvocationObserver.both(usage, metrics);
        lambda.attach(InvocationObserver.both(metering, cloudwatch.lambdaObserver()));
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

    /** Starts writing usage records and Lambda's CloudWatch metrics. */
    void start() {
        usage.start();
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

    /** Writes the usage records still buffered; called after Lambda stopped, before the database closes. */
    @Override
    public void close() {
        usage.close();
        cloudwatch.close();
    }
}
