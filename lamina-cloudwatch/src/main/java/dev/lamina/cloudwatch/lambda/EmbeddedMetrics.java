package dev.lamina.cloudwatch.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.cloudwatch.metric.Aggregate;
import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch's Embedded Metric Format: a function's log line that is a JSON object with
 * {@code _aws.CloudWatchMetrics} becomes metrics. Each directive names a {@code Namespace}, dimension
 * sets ({@code Dimensions}: lists of member names whose values the line holds) and {@code Metrics}
 * ({@code Name}, optional {@code Unit} and {@code StorageResolution}) whose values are the line's
 * members of those names: a number or a list of up to 100 numbers. {@code _aws.Timestamp} is epoch
 * milliseconds. A line that breaks the format becomes nothing (as on AWS, it stays a log line). Pure.
 *
 * <p>Example: {@code {"_aws":{"Timestamp":1796637600000,"CloudWatchMetrics":[{"Namespace":"Shop",
 * "Dimensions":[["Store"]],"Metrics":[{"Name":"Orders","Unit":"Count"}]}]},"Store":"north","Orders":2}}
 * is Orders 2 (Count) in Shop under Store=north at 10:00 on 7 December 2026.
 */
final class EmbeddedMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedMetrics() {}

    /** Whether a line may be in the format, cheaply: the log reader's thread asks this of every line. */
    static boolean mayBe(String line) {
        return line.indexOf("\"_aws\"") >= 0 && line.stripLeading().startsWith("{");
    }

    /** The data of one line, added to {@code out}; nothing for a line not in the format. */
    static void parse(String line, Instant otherwise, List<Datum> out) {
        JsonNode root;
        try {
            root = JSON.readTree(line.strip());
        } catch (JsonProcessingException e) {
            return;
        }
        JsonNode aws = root == null ? null : root.get("_aws");
        JsonNode directives = aws == null ? null : aws.get("CloudWatchMetrics");
        if (directives == null || !directives.isArray()) {
            return;
        }
        JsonNode timestamp = aws.get("Timestamp");
        Instant at = timestamp != null && timestamp.canConvertToLong()
                ? Instant.ofEpochMilli(timestamp.asLong())
                : otherwise;
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            if (namespace.isEmpty()
                    || namespace.startsWith("AWS/")
                    || !directive.path("Metrics").isArray()) {
                continue;
            }
            List<Map<String, String>> sets = dimensionSets(root, directive.path("Dimensions"));
            if (sets == null) {
                continue;
            }
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText("");
                String unit = metric.path("Unit").asText("None");
                Aggregate values = values(root.get(name));
                if (name.isEmpty() || !Datum.UNITS.contains(unit) || values == null) {
                    continue;
                }
                boolean high = metric.path("StorageResolution").asInt(60) == 1;
                for (Map<String, String> dimensions : sets) {
                    out.add(new Datum(Metric.of(namespace, name, dimensions), unit, at, copy(values), high));
                }
            }
        }
    }

    /** The directive's dimension sets with the line's values; {@code null} when a value is missing. */
    private static List<Map<String, String>> dimensionSets(JsonNode root, JsonNode dimensions) {
        if (!dimensions.isArray()) {
            return List.of(Map.of());
        }
        List<Map<String, String>> sets = new java.util.ArrayList<>();
        for (JsonNode set : dimensions) {
            Map<String, String> values = new LinkedHashMap<>();
            for (JsonNode key : set) {
                JsonNode value = root.get(key.asText());
                if (value == null || !value.isValueNode()) {
                    return null;
                }
                values.put(key.asText(), value.asText());
            }
            sets.add(values);
        }
        return sets.isEmpty() ? List.of(Map.of()) : sets;
    }

    private static Aggregate values(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return Aggregate.of(value.doubleValue());
        }
        if (!value.isArray() || value.isEmpty() || value.size() > 100) {
            return null;
        }
        Aggregate out = new Aggregate();
        for (JsonNode v : value) {
            if (!v.isNumber()) {
                return null;
            }
            out.add(v.doubleValue(), 1);
        }
        return out;
    }

    private static Aggregate copy(Aggregate a) {
        return new Aggregate().merge(a);
    }
}
