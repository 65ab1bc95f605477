package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.edge.protocol.EpochTimestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a request document's members, whichever protocol sent it: JSON and CBOR give numbers and
 * booleans as such, the query protocol gives every scalar as text ({@link QueryRequest}), so numbers
 * are read from either. Each reader names the member in its error, as AWS does
 * ({@code The parameter MetricData.member.1.MetricName is required.}).
 */
final class Members {

    private Members() {}

    static String text(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String required(JsonNode parent, String member, String path) {
        String value = text(parent, member);
        if (value == null || value.isEmpty()) {
            throw CloudWatchErrors.missing(path);
        }
        return value;
    }

    static Double number(JsonNode parent, String member, String path) {
        JsonNode value = parent.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        try {
            return Double.parseDouble(value.asText());
        } catch (NumberFormatException e) {
            throw CloudWatchErrors.invalidValue(value.asText(), path);
        }
    }

    static double requiredNumber(JsonNode parent, String member, String path) {
        Double value = number(parent, member, path);
        if (value == null) {
            throw CloudWatchErrors.missing(path);
        }
        return value;
    }

    static Integer integer(JsonNode parent, String member, String path) {
        Double value = number(parent, member, path);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw CloudWatchErrors.invalidValue(text(parent, member), path);
        }
        return value.intValue();
    }

    static Instant time(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        return value == null || value.isNull() ? null : EpochTimestamp.read(value, member);
    }

    static Instant requiredTime(JsonNode parent, String member) {
        Instant value = time(parent, member);
        if (value == null) {
            throw CloudWatchErrors.missing(member);
        }
        return value;
    }

    static boolean flag(JsonNode parent, String member, boolean otherwise) {
        JsonNode value = parent.get(member);
        return value == null || value.isNull() ? otherwise : value.asBoolean(otherwise);
    }

    /** A list member's elements; none when it is absent. */
    static List<JsonNode> list(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        List<JsonNode> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(out::add);
        }
        return out;
    }

    static List<String> texts(JsonNode parent, String member) {
        return list(parent, member).stream().map(JsonNode::asText).toList();
    }

    /** A unit member, {@code null} when absent; throws InvalidParameterValue for a unit CloudWatch lacks. */
    static String unit(JsonNode parent, String path) {
        String unit = text(parent, "Unit");
        if (unit != null && !Datum.UNITS.contains(unit)) {
            throw CloudWatchErrors.invalidValue(unit, path);
        }
        return unit;
    }

    /**
     * The {@code Dimensions} of {@code parent} as name to value; a filter's may lack values
     * ({@code null} then), a metric's may not. At most 30, names unique.
     */
    static Map<String, String> dimensions(JsonNode parent, String path, boolean filter) {
        List<JsonNode> list = list(parent, "Dimensions");
        if (list.size() > 30) {
            throw CloudWatchErrors.invalid(
                    "The collection " + path + "Dimensions must not have a size greater than 30.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = path + "Dimensions.member." + (i + 1) + ".";
            String name = required(list.get(i), "Name", at + "Name");
            String value = filter ? text(list.get(i), "Value") : required(list.get(i), "Value", at + "Value");
            if (out.containsKey(name)) {
                throw CloudWatchErrors.invalid("No metric may have duplicate dimension names: " + name);
            }
            out.put(name, value);
        }
        return out;
    }

    /** The metric a {@code Metric} structure, or a request with its members, names. */
    static Metric metric(JsonNode parent, String path) {
        return Metric.of(
                required(parent, "Namespace", path + "Namespace"),
                required(parent, "MetricName", path + "MetricName"),
                dimensions(parent, path, false));
    }
}
