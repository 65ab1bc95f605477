package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.cloudwatch.metric.MetricMath;
import dev.lamina.cloudwatch.metric.MetricStore;
import dev.lamina.cloudwatch.metric.Metrics;
import dev.lamina.cloudwatch.metric.Statistic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GetMetricData: each query of {@code MetricDataQueries} with a {@code MetricStat} becomes one time
 * series (the statistic per period, periods without data left out); those with
 * {@code ReturnData=false} are read but not answered. Timestamps come newest first unless
 * {@code ScanBy=TimestampAscending}. A page holds at most {@code MaxDatapoints} (default 100,800)
 * datapoints over all its results, taken in the queries' order; a result cut short says
 * {@code PartialData} and the answer carries a {@code NextToken} (the offset of the next datapoint)
 * for the rest. A query with an {@code Expression} computes a series
 * from the others with {@link MetricMath} (an expression that names itself, directly or not, or an
 * unknown id, is InvalidParameterValue).
 */
final class MetricDataQueries {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** GetMetricData's page size when the request names none. */
    static final int DEFAULT_MAX_DATAPOINTS = 100_800;

    private static final Pattern ID = Pattern.compile("[a-z][a-zA-Z0-9_]{0,254}");

    private final Metrics metrics;

    MetricDataQueries(Metrics metrics) {
        this.metrics = metrics;
    }

    JsonNode perform(JsonNode input) {
        List<JsonNode> queries = Members.list(input, "MetricDataQueries");
        if (queries.isEmpty()) {
            throw CloudWatchErrors.missing("MetricDataQueries");
        }
        if (queries.size() > 500) {
            throw CloudWatchErrors.invalid("The collection MetricDataQueries must not have a size greater than 500.");
        }
        Instant start = Members.requiredTime(input, "StartTime");
        Instant end = Members.requiredTime(input, "EndTime");
        if (!start.isBefore(end)) {
            throw CloudWatchErrors.invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        String scanBy = Members.text(input, "ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) {
            throw CloudWatchErrors.invalidValue(scanBy, "ScanBy");
        }
        int from = CloudWatchApi.offset(Members.text(input, "NextToken"));
        Integer max = Members.integer(input, "MaxDatapoints", "MaxDatapoints");
        if (max != null && max <= 0) {
            throw CloudWatchErrors.invalidValue(max.toString(), "MaxDatapoints");
        }
        int pageEnd = max == null ? from + DEFAULT_MAX_DATAPOINTS : from + max;
        boolean ascending = "TimestampAscending".equals(scanBy);
        Set<String> ids = new HashSet<>();
        List<Query> parsed = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            Query q = parse(queries.get(i), "MetricDataQueries.member." + (i + 1) + ".");
            if (!ids.add(q.id())) {
                throw CloudWatchErrors.invalid("The values for parameter id in MetricDataQueries are not unique.");
            }
            parsed.add(q);
        }
        Map<String, Query> byId = new LinkedHashMap<>();
        parsed.forEach(q -> byId.put(q.id(), q));
        Map<String, MetricMath.Series> series = new HashMap<>();
        ArrayNode results = NODES.arrayNode();
        int seen = 0; // datapoints of the results before this one, over every page
        for (Query q : parsed) {
            if (!q.returnData()) {
                continue;
            }
            NavigableMap<Instant, Double> points =
                    series(q, byId, series, new HashSet<>(), start, end).points();
            Map<Instant, Double> ordered = ascending ? points : points.descendingMap();
            ObjectNode result = results.addObject();
            result.put("Id", q.id());
            result.put("Label", q.label());
            ArrayNode timestamps = result.putArray("Timestamps");
            ArrayNode values = result.putArray("Values");
            int index = seen;
            for (Map.Entry<Instant, Double> point : ordered.entrySet()) {
                if (index >= from && index < pageEnd) {
                    timestamps.add(Timestamp.of(point.getKey()));
                    values.add(point.getValue());
                }
                index++;
            }
            seen = index;
            result.put("StatusCode", index > pageEnd ? "PartialData" : "Complete");
        }
        ObjectNode out = NODES.objectNode();
        out.set("MetricDataResults", results);
        if (seen > pageEnd) {
            out.put("NextToken", CloudWatchApi.token(pageEnd));
        }
        out.putArray("Messages");
        return out;
    }

    /** A query: a MetricStat ({@code metric} and what follows) or an {@code expression}. */
    private record Query(
            String id,
            String label,
            boolean returnData,
            String expression,
            Metric metric,
            Statistic stat,
            String unit,
            int period) {}

    /** The series of {@code q}, computed once; {@code visiting} holds the expressions being computed. */
    private MetricMath.Series series(
            Query q,
            Map<String, Query> byId,
            Map<String, MetricMath.Series> done,
            Set<String> visiting,
            Instant start,
            Instant end) {
        MetricMath.Series known = done.get(q.id());
        if (known != null) {
            return known;
        }
        MetricMath.Series computed;
        if (q.expression() == null) {
            TreeMap<Instant, Double> points = new TreeMap<>();
            for (MetricStore.Point p : metrics.periods(q.metric(), q.unit(), start, end, q.period())) {
                points.merge(p.start(), p.values().statistic(q.stat()), Double::sum);
            }
            computed = new MetricMath.Series(points);
        } else {
            if (!visiting.add(q.id())) {
                throw CloudWatchErrors.invalid("The expression of " + q.id() + " refers to itself.");
            }
            MetricMath.Value value = MetricMath.evaluate(q.expression(), id -> {
                Query named = byId.get(id);
                if (named == null) {
                    throw CloudWatchErrors.invalid(
                            "The expression " + q.expression() + " names " + id + ", which no query has as its Id.");
                }
                return series(named, byId, done, visiting, start, end);
            });
            if (!(value instanceof MetricMath.Series result)) {
                throw CloudWatchErrors.invalid("The expression " + q.expression() + " must give a time series.");
            }
            visiting.remove(q.id());
            computed = result;
        }
        done.put(q.id(), computed);
        return computed;
    }

    private static Query parse(JsonNode q, String path) {
        String id = Members.required(q, "Id", path + "Id");
        if (!ID.matcher(id).matches()) {
            throw CloudWatchErrors.invalid("The value " + id + " for parameter " + path
                    + "Id is invalid: it must start with a lower-case letter and hold only letters, digits and _.");
        }
        JsonNode stat = q.get("MetricStat");
        boolean hasExpression = Members.text(q, "Expression") != null;
        if (hasExpression && stat != null) {
            throw CloudWatchErrors.combination(
                    "The parameters " + path + "MetricStat and " + path + "Expression are mutually exclusive.");
        }
        if (hasExpression) {
            String expression = Members.text(q, "Expression");
            String label = Members.text(q, "Label");
            return new Query(
                    id,
                    label == null ? id : label,
                    Members.flag(q, "ReturnData", true),
                    expression,
                    null,
                    null,
                    null,
                    0);
        }
        if (stat == null || stat.isNull()) {
            throw CloudWatchErrors.missing(path + "MetricStat");
        }
        JsonNode metricNode = stat.get("Metric");
        if (metricNode == null || metricNode.isNull()) {
            throw CloudWatchErrors.missing(path + "MetricStat.Metric");
        }
        Metric metric = Members.metric(metricNode, path + "MetricStat.Metric.");
        Integer period = Members.integer(stat, "Period", path + "MetricStat.Period");
        if (period == null) {
            throw CloudWatchErrors.missing(path + "MetricStat.Period");
        }
        Metrics.checkPeriod(period);
        Statistic statistic =
                Statistic.parse(Members.required(stat, "Stat", path + "MetricStat.Stat"), path + "MetricStat.Stat");
        String label = Members.text(q, "Label");
        return new Query(
                id,
                label == null ? metric.name() : label,
                Members.flag(q, "ReturnData", true),
                null,
                metric,
                statistic,
                Members.unit(stat, path + "MetricStat.Unit"),
                period);
    }
}
