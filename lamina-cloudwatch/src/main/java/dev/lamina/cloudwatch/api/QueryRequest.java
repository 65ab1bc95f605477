package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudwatch.metric.CloudWatchErrors;
import dev.lamina.edge.QueryStrings;
import java.util.Map;
import java.util.TreeMap;

/**
 * A query-protocol form as the document CloudWatch's JSON protocols send, so that one set of
 * operations ({@link CloudWatchApi}) serves all. CloudWatch's lists are not flattened: a list is
 * {@code <Name>.member.<n>}, numbered from 1, its structures' fields follow as
 * {@code .<Field>}. Every scalar stays text ({@link Members} reads numbers from text).
 *
 * <p>Example: {@code Namespace=App&MetricData.member.1.MetricName=Hits&MetricData.member.1.Value=2&
 * MetricData.member.1.Dimensions.member.1.Name=Page&MetricData.member.1.Dimensions.member.1.Value=home}
 * becomes {@code {"Namespace":"App","MetricData":[{"MetricName":"Hits","Value":"2",
 * "Dimensions":[{"Name":"Page","Value":"home"}]}]}}. Pure.
 */
final class QueryRequest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private QueryRequest() {}

    /** The form's parameters, the first of each name. */
    static Map<String, String> parse(String form) {
        try {
            return QueryStrings.parseForm(form);
        } catch (QueryStrings.Malformed e) {
            throw CloudWatchErrors.invalid("The request's form is not URL-encoded: " + e.pair());
        }
    }

    /** The document of the parameters ({@code Action} and {@code Version} left out). */
    static ObjectNode document(Map<String, String> parameters) {
        Map<String, Object> tree = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (!name.equals("Action") && !name.equals("Version")) {
                put(tree, name.split("\\.", -1), 0, value);
            }
        });
        return (ObjectNode) node(tree);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String[] path, int at, String value) {
        if (at == path.length - 1) {
            tree.putIfAbsent(path[at], value);
            return;
        }
        Object child = tree.get(path[at]);
        if (!(child instanceof Map)) {
            child = new TreeMap<String, Object>();
            tree.put(path[at], child);
        }
        put((Map<String, Object>) child, path, at + 1, value);
    }

    /** A subtree as a node: {@code {member: {1: …, 2: …}}} is a list, other maps are structures. */
    @SuppressWarnings("unchecked")
    private static JsonNode node(Object subtree) {
        if (subtree instanceof String text) {
            return NODES.textNode(text);
        }
        Map<String, Object> map = (Map<String, Object>) subtree;
        if (map.size() == 1 && map.get("member") instanceof Map<?, ?> members) {
            Map<Integer, Object> numbered = new TreeMap<>();
            ((Map<String, Object>) members).forEach((index, element) -> {
                try {
                    numbered.put(Integer.parseInt(index), element);
                } catch (NumberFormatException e) {
                    throw CloudWatchErrors.invalid("Parameter index " + index + " is not a number.");
                }
            });
            ArrayNode list = NODES.arrayNode();
            numbered.values().forEach(element -> list.add(node(element)));
            return list;
        }
        if (map.size() == 1 && "".equals(map.get("member"))) {
            return NODES.arrayNode(); // an empty list, sent as its bare name
        }
        ObjectNode object = NODES.objectNode();
        map.forEach((name, child) -> object.set(name, node(child)));
        return object;
    }
}
