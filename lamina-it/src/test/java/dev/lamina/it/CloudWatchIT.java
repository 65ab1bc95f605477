package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * CloudWatch's metrics on a real node (decision 50): a function invoked a known number of times, some
 * failing and the others logging an Embedded Metric Format line, read back as {@code AWS/Lambda}'s
 * Invocations, Errors and Duration (and the logged metric) through the AWS SDK for
 * Java v2 (Smithy RPC v2 CBOR) by GetMetricStatistics and GetMetricData, and through Debian's AWS CLI
 * (the query protocol) by GetMetricData; custom metrics put, listed and read back; AWS's error
 * code for a bad request through both; and the data still there after the node restarts on its data
 * directory. The query protocol's other operations are pinned by CloudWatchFacesTest.
 */
class CloudWatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INVOCATIONS = 6;
    private static final int FAILURES = 2;
    private static final Dimension FUNCTION =
            Dimension.builder().name("FunctionName").value("counted").build();

    static TestNode node;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        work = Files.createDirectories(node.dataDir().resolve("cloudwatch-work"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static CloudWatchClient cloudwatch() {
        return TestNode.client(CloudWatchClient.builder(), URI.create(node.endpoint()));
    }

    private static AwsCli cli() {
        return new AwsCli(node.endpoint(), work);
    }

    private static double sum(GetMetricStatisticsResponse r, java.util.function.Function<Datapoint, Double> stat) {
        return r.datapoints().stream().mapToDouble(stat::apply).sum();
    }

    private static GetMetricStatisticsResponse lambdaStatistics(CloudWatchClient cw, String name, Instant from) {
        return statistics(cw, "AWS/Lambda", name, FUNCTION.name(), FUNCTION.value(), from);
    }

    private static GetMetricStatisticsResponse statistics(
            CloudWatchClient cw, String namespace, String name, String dimension, String value, Instant from) {
        return cw.getMetricStatistics(b -> b.namespace(namespace)
                .metricName(name)
                .dimensions(Dimension.builder().name(dimension).value(value).build())
                .startTime(from)
                .endTime(from.plus(1, ChronoUnit.HOURS))
                .period(3600)
                .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT, Statistic.MINIMUM, Statistic.MAXIMUM));
    }

    private static MetricDataQuery.Builder query(String id, String metric, String stat, Dimension dimension) {
        return MetricDataQuery.builder()
                .id(id)
                .metricStat(s -> s.metric(m ->
                                m.namespace("AWS/Lambda").metricName(metric).dimensions(dimension))
                        .period(60)
                        .stat(stat));
    }

    @Test
    void lambdasMetricsCustomMetricsAndErrorsThroughTheSdkAndTheCli() throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        Functions.create(
                node.lambda(),
                "counted",
                "python3.11",
                "app.handler",
                Functions.python("import json\n\ndef handler(event, context):\n    if event.get('fail'):\n"
                        + "        raise ValueError('asked to fail')\n"
                        // an Embedded Metric Format line: Work 2 in namespace Counted under Kind=ok
                        + "    print(json.dumps({'_aws': {'CloudWatchMetrics': [{'Namespace': 'Counted',"
                        + " 'Dimensions': [['Kind']], 'Metrics': [{'Name': 'Work', 'Unit': 'Count'}]}]},"
                        + " 'Kind': 'ok', 'Work': 2}))\n"
                        + "    return 'ok'\n"));
        for (int i = 0; i < INVOCATIONS; i++) {
            String payload = i < FAILURES ? "{\"fail\": true}" : "{}";
            InvokeResponse r =
                    node.lambda().invoke(b -> b.functionName("counted").payload(SdkBytes.fromUtf8String(payload)));
            assertEquals(i < FAILURES ? "Unhandled" : null, r.functionError());
        }

        try (CloudWatchClient cw = cloudwatch()) {
            // the feed writes once a second: wait for the witnesses, every invocation and log line counted
            GetMetricStatisticsResponse invocations = lambdaStatistics(cw, "Invocations", from);
            GetMetricStatisticsResponse work = statistics(cw, "Counted", "Work", "Kind", "ok", from);
            for (long deadline = System.nanoTime() + 10_000_000_000L;
                    (sum(invocations, Datapoint::sum) < INVOCATIONS
                                    || sum(work, Datapoint::sum) < 2 * (INVOCATIONS - FAILURES))
                            && System.nanoTime() < deadline; ) {
                Thread.sleep(100);
                invocations = lambdaStatistics(cw, "Invocations", from);
                work = statistics(cw, "Counted", "Work", "Kind", "ok", from);
            }
            assertEquals(2 * (INVOCATIONS - FAILURES), sum(work, Datapoint::sum), "Embedded Metric Format: " + work);
            assertEquals(INVOCATIONS, sum(invocations, Datapoint::sum), invocations.toString());
            assertEquals(StandardUnit.COUNT, invocations.datapoints().getFirst().unit());
            GetMetricStatisticsResponse errors = lambdaStatistics(cw, "Errors", from);
            assertEquals(FAILURES, sum(errors, Datapoint::sum));
            assertEquals(INVOCATIONS, sum(errors, Datapoint::sampleCount), "Errors counts 0 for each success");
            GetMetricStatisticsResponse duration = lambdaStatistics(cw, "Duration", from);
            assertEquals(INVOCATIONS, sum(duration, Datapoint::sampleCount));
            Datapoint d = duration.datapoints().getFirst();
            assertEquals(StandardUnit.MILLISECONDS, d.unit());
            Datapoint percentiles = cw.getMetricStatistics(b -> b.namespace("AWS/Lambda")
                            .metricName("Duration")
                            .dimensions(FUNCTION)
                            .startTime(d.timestamp())
                            .endTime(d.timestamp().plus(1, ChronoUnit.HOURS))
                            .period(3600)
                            .extendedStatistics("p99", "p100"))
                    .datapoints()
                    .getFirst();
            double p99 = percentiles.extendedStatistics().get("p99");
            assertTrue(p99 >= d.minimum() && p99 <= d.maximum() && d.maximum() > 0, d + " " + percentiles);
            assertEquals(d.maximum(), percentiles.extendedStatistics().get("p100"));

            GetMetricDataResponse data = cw.getMetricData(b -> b.startTime(from)
                    .endTime(from.plus(1, ChronoUnit.HOURS))
                    .metricDataQueries(
                            query("inv", "Invocations", "Sum", FUNCTION).build(),
                            query("err", "Errors", "Sum", FUNCTION)
                                    .label("errors")
                                    .build(),
                            query("hidden", "Duration", "p50", FUNCTION)
                                    .returnData(false)
                                    .build(),
                            MetricDataQuery.builder()
                                    .id("both")
                                    .expression("SUM([inv, err])")
                                    .build()));
            assertEquals(
                    List.of("inv", "err", "both"),
                    data.metricDataResults().stream().map(MetricDataResult::id).toList());
            MetricDataResult inv = data.metricDataResults().get(0);
            assertEquals(
                    INVOCATIONS,
                    inv.values().stream().mapToDouble(Double::doubleValue).sum());
            assertEquals(inv.values().size(), inv.timestamps().size());
            assertTrue(inv.timestamps().getFirst().isAfter(from.minusSeconds(1)), inv.toString());
            assertEquals("errors", data.metricDataResults().get(1).label());
            assertEquals(
                    FAILURES,
                    data.metricDataResults().get(1).values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum());
            assertEquals(
                    INVOCATIONS + FAILURES,
                    data.metricDataResults().get(2).values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum(),
                    "metric math: inv and err added point by point");

            // the CLI speaks the query protocol
            AwsCli.Result cliData = cli().run(
                            "cloudwatch",
                            "get-metric-data",
                            "--metric-data-queries",
                            "[{\"Id\":\"inv\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Lambda\",\"MetricName\":"
                                    + "\"Invocations\",\"Dimensions\":[{\"Name\":\"FunctionName\",\"Value\":\"counted\"}]},"
                                    + "\"Period\":300,\"Stat\":\"Sum\"}}]",
                            "--start-time=" + from,
                            "--end-time=" + from.plus(1, ChronoUnit.HOURS));
            assertEquals(0, cliData.exitCode(), cliData.stderr());
            double cliInvocations = 0;
            for (JsonNode v : JSON.readTree(cliData.stdout()).at("/MetricDataResults/0/Values")) {
                cliInvocations += v.asDouble();
            }
            assertEquals(INVOCATIONS, cliInvocations, cliData.stdout());

            // custom metrics put, listed and read back
            Instant now = Instant.now();
            cw.putMetricData(b -> b.namespace("Shop")
                    .metricData(MetricDatum.builder()
                            .metricName("Orders")
                            .dimensions(Dimension.builder()
                                    .name("Store")
                                    .value("north")
                                    .build())
                            .unit(StandardUnit.COUNT)
                            .timestamp(now)
                            .values(1.0, 4.0)
                            .counts(2.0, 1.0)
                            .storageResolution(1)
                            .build()));
            cw.putMetricData(b -> b.namespace("Shop")
                    .metricData(MetricDatum.builder()
                            .metricName("Orders")
                            .dimensions(Dimension.builder()
                                    .name("Store")
                                    .value("south")
                                    .build())
                            .value(7.0)
                            .build()));
            List<String> stores = cw.listMetrics(b -> b.namespace("Shop")).metrics().stream()
                    .map(m -> m.metricName() + "@" + m.dimensions().getFirst().value())
                    .toList();
            assertEquals(List.of("Orders@north", "Orders@south"), stores);
            assertEquals(
                    1,
                    cw.listMetrics(b -> b.namespace("Shop")
                                    .dimensions(DimensionFilter.builder()
                                            .name("Store")
                                            .value("south")
                                            .build()))
                            .metrics()
                            .size());
            GetMetricStatisticsResponse orders = cw.getMetricStatistics(b -> b.namespace("Shop")
                    .metricName("Orders")
                    .dimensions(Dimension.builder().name("Store").value("north").build())
                    .startTime(now.minusSeconds(10))
                    .endTime(now.plusSeconds(10))
                    .period(1)
                    .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT, Statistic.MAXIMUM));
            assertEquals(1, orders.datapoints().size(), orders.toString());
            assertEquals(6.0, orders.datapoints().getFirst().sum());
            assertEquals(3.0, orders.datapoints().getFirst().sampleCount());
            assertEquals(4.0, orders.datapoints().getFirst().maximum());

            // AWS's error code, through both
            CloudWatchException bad = assertThrows(
                    CloudWatchException.class,
                    () -> cw.getMetricStatistics(b -> b.namespace("Shop")
                            .metricName("Orders")
                            .startTime(now.minusSeconds(60))
                            .endTime(now)
                            .period(7)
                            .statistics(Statistic.SUM)));
            assertEquals(400, bad.statusCode());
            assertEquals("InvalidParameterValue", bad.awsErrorDetails().errorCode());
            AwsCli.Result cliBad = cli().run(
                            "cloudwatch",
                            "put-metric-data",
                            "--namespace",
                            "AWS/Mine",
                            "--metric-name",
                            "M",
                            "--value",
                            "1");
            assertNotEquals(0, cliBad.exitCode());
            assertTrue(cliBad.stderr().contains("(InvalidParameterValue)"), cliBad.stderr());
        }

        // the data is on the node's storage: a restarted node reads it back
        node.restartNode();
        try (CloudWatchClient cw = cloudwatch()) {
            assertEquals(INVOCATIONS, sum(lambdaStatistics(cw, "Invocations", from), Datapoint::sum));
        }
    }
}
