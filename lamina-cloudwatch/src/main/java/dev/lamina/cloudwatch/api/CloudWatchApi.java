package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudwatch.metric.Aggregate;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.cloudwatch.metric.MetricStore;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.cloudwatch.metric.Statistic;
import dev.lamina.edge.Operations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's metric operations over request and answer documents, whichever protocol carried them
 * (query, JSON 1.0, Smithy RPC v2 CBOR): PutMetricData, GetMetricStatistics, GetMetricData (in
 * {@link MetricDataQueries}) and ListMetrics. Each parses its input, calls {@link Metrics} once and
 * renders; AWS's validation errors come as {@link CloudWatchErrors}.
 */
public final class CloudWatchApi implements Operations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Metrics per ListMetrics page, as on AWS. */
    static final int LIST_PAGE = 500;

    /** How far back and ahead of now PutMetricData takes a timestamp. */
    private static final Duration PAST = Duration.ofDays(14);

    private static final Duration FUTURE = Duration.ofHours(2);

    private final Metrics metrics;
    private final MetricDataQueries dataQueries;

    public CloudWatchApi(Metrics metrics) {
        this.metrics = metrics;
        this.dataQueries = new MetricDataQueries(metrics);
    }

    @Override
    public JsonNode perform(String operation, JsonNode input) {
        return switch (operation) {
            case "PutMetricData" -> putMetricData(input);
            case "GetMetricStatistics" -> getMetricStatistics(input);
            case "GetMetricData" -> dataQueries.perform(input);
            case "ListMetrics" -> listMetrics(input);
            default -> throw CloudWatchErrors.unknownAction(operation);
        };
    }

    private JsonNode putMetricData(JsonNode input) {
        String namespace = Members.required(input, "Namespace", "Namespace");
        if (namespace.startsWith("AWS/")) {
            throw CloudWatchErrors.invalid("The value AWS/ for parameter Namespace is invalid.");
        }
        List<JsonNode> data = Members.list(input, "MetricData");
        if (data.isEmpty()) {
            throw CloudWatchErrors.missing("MetricData");
        }
        if (data.size() > 1000) {
            throw CloudWatchErrors.invalid("The collection MetricData must not have a size greater than 1000.");
        }
        Instant now = metrics.now();
        List<Datum> datums = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            datums.add(datum(namespace, data.get(i), "MetricData.member." + (i + 1) + ".", now));
        }
        metrics.put(datums);
        return NODES.objectNode();
    }

    private static Datum datum(String namespace, JsonNode d, String path, Instant now) {
        Metric metric = Metric.of(
                namespace, Members.required(d, "MetricName", path + "MetricName"), Members.dimensions(d, path, false));
        Instant at = Members.time(d, "Timestamp");
        if (at == null) {
            at = now;
        } else if (at.isBefore(now.minus(PAST)) || at.isAfter(now.plus(FUTURE))) {
            throw CloudWatchErrors.invalid("The parameter " + path + "Timestamp must specify a time no more than"
                    + " two weeks in the past and no more than two hours in the future.");
        }
        String unit = Members.unit(d, path + "Unit");
        Integer resolution = Members.integer(d, "StorageResolution", path + "StorageResolution");
        if (resolution != null && resolution != 1 && resolution != 60) {
            throw CloudWatchErrors.invalidValue(resolution.toString(), path + "StorageResolution");
        }
        return new Datum(
                metric, unit == null ? "None" : unit, at, values(d, path), resolution != null && resolution == 1);
    }

    /** A datum's {@code Value}, {@code Values} with {@code Counts}, or {@code StatisticValues}: exactly one kind. */
    private static Aggregate values(JsonNode d, String path) {
        Double value = Members.number(d, "Value", path + "Value");
        JsonNode set = d.get("StatisticValues");
        List<JsonNode> values = Members.list(d, "Values");
        int kinds = (value != null ? 1 : 0) + (set != null && !set.isNull() ? 1 : 0) + (values.isEmpty() ? 0 : 1);
        if (kinds > 1) {
            String one = value != null ? "Value" : "Values";
            String other = set != null && !set.isNull() ? "StatisticValues" : "Values";
            throw CloudWatchErrors.combination("The parameters " + path + one + " and " + path + other
                    + " are mutually exclusive and you have specified both.");
        }
        if (value != null) {
            return Aggregate.of(finite(value, path + "Value"));
        }
        if (set != null && !set.isNull()) {
            String at = path + "StatisticValues.";
            double count = Members.requiredNumber(set, "SampleCount", at + "SampleCount");
            double min = Members.requiredNumber(set, "Minimum", at + "Minimum");
            double max = Members.requiredNumber(set, "Maximum", at + "Maximum");
            if (count <= 0 || min > max) {
                throw CloudWatchErrors.invalid("The parameter " + path + "StatisticValues is invalid: SampleCount must"
                        + " be positive and Minimum no greater than Maximum.");
            }
            return new Aggregate().addSet(count, Members.requiredNumber(set, "Sum", at + "Sum"), min, max);
        }
        if (values.isEmpty()) {
            throw CloudWatchErrors.missing(path + "Value");
        }
        List<JsonNode> counts = Members.list(d, "Counts");
        if (!counts.isEmpty() && counts.size() != values.size()) {
            throw CloudWatchErrors.invalid(
                    "The parameters " + path + "Values and " + path + "Counts must be arrays of the same size.");
        }
        Aggregate out = new Aggregate();
        for (int i = 0; i < values.size(); i++) {
            double v = finite(values.get(i).asDouble(Double.NaN), path + "Values.member." + (i + 1));
            double n = counts.isEmpty() ? 1 : counts.get(i).asDouble(Double.NaN);
            if (!(n >= 0)) {
                throw CloudWatchErrors.invalidValue(counts.get(i).asText(), path + "Counts.member." + (i + 1));
            }
            out.add(v, n);
        }
        return out;
    }

    private static double finite(double value, String path) {
        if (!Double.isFinite(value)) {
            throw CloudWatchErrors.invalidValue(String.valueOf(value), path);
        }
        return value;
    }

    private JsonNode getMetricStatistics(JsonNode input) {
        Metric metric = Members.metric(input, "");
        Instant start = Members.requiredTime(input, "StartTime");
        Instant end = Members.requiredTime(input, "EndTime");
        Integer period = Members.integer(input, "Period", "Period");
        if (period == null) {
            throw CloudWatchErrors.missing("Period");
        }
        List<String> basic = Members.texts(input, "Statistics");
        List<String> extended = Members.texts(input, "ExtendedStatistics");
        if (basic.isEmpty() == extended.isEmpty()) {
            // the model: "you must specify either Statistics or ExtendedStatistics, but not both"
            throw basic.isEmpty()
                    ? CloudWatchErrors.missing("Statistics or ExtendedStatistics")
                    : CloudWatchErrors.combination(
                            "The parameters Statistics and ExtendedStatistics are mutually exclusive and you have"
                                    + " specified both.");
        }
        List<Statistic> statistics = new ArrayList<>();
        for (int i = 0; i < basic.size(); i++) {
            statistics.add(Statistic.basic(basic.get(i), "Statistics.member." + (i + 1)));
        }
        for (int i = 0; i < extended.size(); i++) {
            statistics.add(Statistic.percentile(extended.get(i), "ExtendedStatistics.member." + (i + 1)));
        }
        String unit = Members.unit(input, "Unit");
        Metrics.checkDatapoints(start, end, period);
        ArrayNode datapoints = NODES.arrayNode();
        for (MetricStore.Point p : metrics.periods(metric, unit, start, end, period)) {
            ObjectNode point = datapoints.addObject();
            point.set("Timestamp", Timestamp.of(p.start()));
            ObjectNode values = extended.isEmpty() ? point : NODES.objectNode();
            for (Statistic s : statistics) {
                values.put(s.name(), p.values().statistic(s));
            }
            point.put("Unit", p.unit());
            if (values != point) {
                point.set("ExtendedStatistics", values);
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("Label", metric.name());
        out.set("Datapoints", datapoints);
        return out;
    }

    private JsonNode listMetrics(JsonNode input) {
        String recently = Members.text(input, "RecentlyActive");
        if (recently != null && !recently.equals("PT3H")) {
            throw CloudWatchErrors.invalidValue(recently, "RecentlyActive");
        }
        Map<String, String> filters = Members.dimensions(input, "", true);
        List<Metric> found = metrics.list(
                Members.text(input, "Namespace"),
                Members.text(input, "MetricName"),
                filters,
                recently == null ? null : metrics.now().minus(Duration.ofHours(3)));
        int from = offset(Members.text(input, "NextToken"));
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("Metrics");
        for (Metric m : found.subList(Math.min(from, found.size()), Math.min(from + LIST_PAGE, found.size()))) {
            ObjectNode metric = list.addObject();
            metric.put("Namespace", m.namespace());
            metric.put("MetricName", m.name());
            ArrayNode dimensions = metric.putArray("Dimensions");
            m.dimensions()
                    .forEach((n, v) -> dimensions.addObject().put("Name", n).put("Value", v));
        }
        if (from + LIST_PAGE < found.size()) {
            out.put("NextToken", token(from + LIST_PAGE));
        }
        return out;
    }

    /** A page token: the offset of the page's first item, so that a token is never a secret. */
    static String token(int offset) {
        return Base64.getUrlEncoder().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a {@link #token} names, 0 for none; throws InvalidNextToken for another text. */
    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("o")) {
                int offset = Integer.parseInt(text.substring(1));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw CloudWatchErrors.invalidToken();
    }
}
