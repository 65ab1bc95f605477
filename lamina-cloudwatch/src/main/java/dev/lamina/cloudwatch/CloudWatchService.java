package dev.lamina.cloudwatch;

import dev.lamina.cloudwatch.api.CloudWatchApi;
import dev.lamina.cloudwatch.api.CloudWatchFaces;
import dev.lamina.cloudwatch.lambda.LambdaMetrics;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.cloudwatch.store.SqliteMetricStore;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.Query;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.logs.LogSink;
import dev.lamina.storage.Database;
import java.time.InstantSource;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * The CloudWatch module as the node sees it (decision 50): the metric store on the node's database,
 * CloudWatch's API on the edge in its three wire forms, all signed for {@code monitoring}, and the
 * feed of Lambda's own metrics ({@code AWS/Lambda}) that the node attaches to Lambda as an
 * {@link InvocationObserver}, and of the Embedded Metric Format in functions' log lines.
 *
 * <p>The faces: JSON 1.0 ({@code X-Amz-Target: GraniteServiceVersion20100801.<Operation>}), found by
 * its target; and one REST face for the rest, the Smithy RPC v2 CBOR route
 * ({@code /service/GraniteServiceVersion20100801/operation/<Operation>}, what the AWS SDK for Java
 * v2 sends) and the query protocol as its fallback (what Debian's CLI 2.9 sends to {@code /}).
 */
public final class CloudWatchService implements AutoCloseable {
    private final CloudWatchApi api;
    private final CloudWatchFaces faces;
    private final LambdaMetrics lambdaMetrics;
    /** Lambda's running invocations, known once Lambda is built ({@link #start}). */
    private volatile IntSupplier concurrentExecutions = () -> 0;

    /** Built before Lambda, whose log lines it hears ({@link #logSink}). */
    public CloudWatchService(Database database, InstantSource clock, RandomGenerator random) {
        Metrics metrics = new Metrics(new SqliteMetricStore(database), clock);
        this.api = new CloudWatchApi(metrics);
        this.faces = new CloudWatchFaces(api, random);
        this.lambdaMetrics = new LambdaMetrics(metrics, clock, () -> concurrentExecutions.getAsInt());
    }

    /** CloudWatch's faces on the edge. */
    public List<EdgeService> services() {
        return List.of(
                new EdgeService.TargetApi(
                        "cloudwatch",
                        "monitoring",
                        AwsJson.queryCompatible(CloudWatchErrors.QUERY_CODES),
                        CloudWatchFaces.SERVICE,
                        api),
                new EdgeService.RestApi(
                        "cloudwatch-query",
                        "monitoring",
                        new Query(CloudWatchFaces.NAMESPACE, CloudWatchErrors.QUERY_CODES),
                        new Router()
                                .add("POST", CloudWatchFaces.RPC_V2_PATH, (r, p) -> faces.rpcV2(r, p.get("operation")))
                                .fallback((request, params) -> faces.query(request))));
    }

    /** What Lambda tells of each invocation's end and each throttle: the source of {@code AWS/Lambda}. */
    public InvocationObserver lambdaObserver() {
        return lambdaMetrics;
    }

    /**
     * What reads functions' log lines for the Embedded Metric Format: the node hands Lambda a sink that
     * writes to CloudWatch Logs and to this one. Never blocks.
     */
    public LogSink logSink() {
        return (group, stream, timestamp, message) -> lambdaMetrics.logged(message, timestamp);
    }

    /**
     * Starts writing Lambda's metrics, once a second.
     *
     * @param running the invocations running on the node now (Lambda's account-level
     *     ConcurrentExecutions), sampled once a second while there is anything to report
     */
    public void start(IntSupplier running) {
        this.concurrentExecutions = running;
        lambdaMetrics.start();
    }

    /** Writes what Lambda's metrics hold still; after Lambda stopped, before the database closes. */
    @Override
    public void close() {
        lambdaMetrics.close();
    }
}
