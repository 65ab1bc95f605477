package dev.lamina.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpResponse;
import dev.lamina.metrics.usage.Prices;
import dev.lamina.metrics.usage.UsageQuery;
import dev.lamina.metrics.usage.UsageReport;
import dev.lamina.metrics.usage.UsageStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

/**
 * The JSON the console's pages read, under {@code /console/api/}: each call is one or a few of the
 * node's own API requests ({@link ServiceCalls}), shaped for a page. Environment variables leave the
 * node as names only: their values never reach a browser.
 */
final class ConsoleApi {
    private static final String LAMBDA = "/2015-03-31/functions/";
    /** The metrics a function's chart draws: Lambda's own in {@code AWS/Lambda}. */
    private static final Map<String, String> CHART =
            Map.of("Invocations", "Sum", "Errors", "Sum", "Duration", "Average");

    private final ServiceCalls calls;
    private final UsageStore usage;
    private final InstantSource clock;

    ConsoleApi(ServiceCalls calls, UsageStore usage, InstantSource clock) {
        this.calls = calls;
        this.usage = usage;
        this.clock = clock;
    }

    /** Every function (ListFunctions, all pages): what the list shows and searches. */
    JsonNode functions() throws Exception {
        ArrayNode out = ServiceCalls.JSON.createArrayNode();
        String marker = null;
        do {
            JsonNode page = calls.get(
                    "lambda",
                    "/2015-03-31/functions?MaxItems=50"
                            + (marker == null ? "" : "&Marker=" + ServiceCalls.encode(marker)));
            for (JsonNode f : page.path("Functions")) {
                out.addObject()
                        .put("name", f.path("FunctionName").asText())
                        .put(
                                "runtime",
                                f.path("Runtime").asText(f.path("PackageType").asText("")))
                        .put("memory", f.path("MemorySize").asInt())
                        .put("lastModified", f.path("LastModified").asText())
                        .put("description", f.path("Description").asText(""));
            }
            marker = page.path("NextMarker").isTextual()
                    ? page.path("NextMarker").asText()
                    : null;
        } while (marker != null);
        return out;
    }

    /**
     * One function: its configuration (environment variables by name only), versions, aliases with
     * their weights, and what triggers it (event source mappings, function URLs).
     */
    JsonNode function(String name) throws Exception {
        String path = LAMBDA + ServiceCalls.encode(name);
        JsonNode got = calls.get("lambda", path);
        ObjectNode configuration = masked(got.path("Configuration"));
        ObjectNode out = ServiceCalls.JSON.createObjectNode();
        out.set("configuration", configuration);
        out.set("concurrency", got.path("Concurrency"));
        out.set("tags", got.path("Tags"));
        ArrayNode versions = out.putArray("versions");
        for (JsonNode version : calls.get("lambda", path + "/versions").path("Versions")) {
            versions.add(masked(version));
        }
        out.set("aliases", calls.get("lambda", path + "/aliases").path("Aliases"));
        out.set(
                "eventSourceMappings",
                calls.get("lambda", "/2015-03-31/event-source-mappings?FunctionName=" + ServiceCalls.encode(name))
                        .path("EventSourceMappings"));
        out.set(
                "urls",
                calls.get("lambda", "/2021-10-31/functions/" + ServiceCalls.encode(name) + "/urls")
                        .path("FunctionUrlConfigs"));
        return out;
    }

    /** A function's configuration with its environment variables' names in place of the variables. */
    static ObjectNode masked(JsonNode configuration) {
        ObjectNode out = ((ObjectNode) configuration).deepCopy();
        JsonNode variables = out.path("Environment").path("Variables");
        out.remove("Environment");
        ArrayNode names = out.putArray("EnvironmentVariableNames");
        variables.fieldNames().forEachRemaining(names::add);
        return out;
    }

    /**
     * A test invocation (Invoke, RequestResponse, with the log tail): the status, the function's error
     * type if any, the payload as text, and the last 4 KB of its log.
     */
    JsonNode invoke(String name, byte[] event) throws Exception {
        HttpResponse response = calls.send(
                "lambda",
                "POST",
                LAMBDA + ServiceCalls.encode(name) + "/invocations",
                Map.of("X-Amz-Log-Type", "Tail", "Content-Type", "application/json"),
                event);
        ObjectNode out = ServiceCalls.JSON.createObjectNode();
        out.put("status", response.status());
        String functionError = response.headers().get("X-Amz-Function-Error");
        if (functionError != null) {
            out.put("functionError", functionError);
        }
        out.put("requestId", response.headers().getOrDefault("x-amzn-RequestId", ""));
        out.put("payload", new String(response.body(), StandardCharsets.UTF_8));
        String log = response.headers().get("X-Amz-Log-Result");
        out.put("log", log == null ? "" : new String(Base64.getDecoder().decode(log), StandardCharsets.UTF_8));
        return out;
    }

    /**
     * A function's chart over the last {@code hours}: Invocations and Errors (sums) and Duration
     * (average) per minute, from CloudWatch's GetMetricStatistics; minutes without invocations have
     * no point.
     */
    JsonNode metrics(String name, int hours) throws Exception {
        if (hours < 1 || hours > 24 * 14) {
            throw new AwsException(400, "InvalidParameterValueException", "hours is from 1 to 336");
        }
        Instant end = clock.instant().plusSeconds(60);
        Instant start = end.minus(Duration.ofHours(hours));
        int period = hours <= 3 ? 60 : hours <= 24 ? 300 : 3600;
        ObjectNode out = ServiceCalls.JSON
                .createObjectNode()
                .put("period", period)
                .put("start", start.getEpochSecond())
                .put("end", end.getEpochSecond());
        for (var metric : CHART.entrySet()) {
            ObjectNode input = ServiceCalls.JSON
                    .createObjectNode()
                    .put("Namespace", "AWS/Lambda")
                    .put("MetricName", metric.getKey())
                    .put("StartTime", start.getEpochSecond())
                    .put("EndTime", end.getEpochSecond())
                    .put("Period", period);
            input.putArray("Dimensions").addObject().put("Name", "FunctionName").put("Value", name);
            input.putArray("Statistics").add(metric.getValue());
            JsonNode answer = calls.target("monitoring", ServiceCalls.CLOUDWATCH_TARGET, "GetMetricStatistics", input);
            ArrayNode points = out.putArray(metric.getKey());
            for (JsonNode p : answer.path("Datapoints")) {
                points.addArray()
                        .add(p.path("Timestamp").asLong())
                        .add(p.path(metric.getValue()).asDouble());
            }
        }
        return out;
    }

    /**
     * What the functions used since the start of this month (UTC) or {@code days} back, per function
     * or per day, at Lambda's list prices: the report {@code lamina usage} prints.
     */
    JsonNode usage(String by, Integer days) {
        UsageQuery.By grouping = "day".equals(by) ? UsageQuery.By.DAY : UsageQuery.By.FUNCTION;
        Instant since = days == null
                ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                        .withDayOfMonth(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                : clock.instant().minus(Duration.ofDays(days));
        UsageReport report = UsageReport.of(
                grouping, usage.totals(new UsageQuery(since, null, grouping)), Prices.LAMBDA_US_EAST_1, null);
        ObjectNode out = ServiceCalls.JSON
                .createObjectNode()
                .put("since", since.toString())
                .put("by", report.keyName())
                .put("requests", report.totalRequests())
                .put("gbSeconds", report.totalGbSeconds())
                .put("cost", report.totalCost());
        ArrayNode lines = out.putArray("lines");
        for (UsageReport.Line line : report.lines()) {
            lines.addObject()
                    .put("key", line.key())
                    .put("requests", line.requests())
                    .put("gbSeconds", line.gbSeconds())
                    .put("cost", line.cost());
        }
        return out;
    }
}
