package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.QueryStrings;
import dev.lamina.sqs.queue.SqsErrors;
import java.util.Map;
import java.util.TreeMap;

/**
 * SQS's query forms as the documents its JSON protocol sends, so that one set of operations serves
 * both ({@link SqsApi}). The query protocol flattens lists and maps into numbered parameters named
 * after their members' {@code locationName}s in SQS's model; this undoes that with two small tables.
 *
 * <p>Example: {@code Action=SendMessage&QueueUrl=…&MessageBody=hi&MessageAttribute.1.Name=n&
 * MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=v} becomes
 * {@code {"QueueUrl": …, "MessageBody": "hi", "MessageAttributes": {"n": {"DataType": "String",
 * "StringValue": "v"}}}}; {@code AttributeName.1=All} becomes {@code "AttributeNames": ["All"]}.
 * Pure.
 */
final class QueryForms {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A flattened list's parameter name, and its member's name in the document. */
    private static final Map<String, String> LISTS = Map.ofEntries(
            Map.entry("AttributeName", "AttributeNames"),
            Map.entry("MessageAttributeName", "MessageAttributeNames"),
            Map.entry("MessageSystemAttributeName", "MessageSystemAttributeNames"),
            Map.entry("TagKey", "TagKeys"),
            Map.entry("SendMessageBatchRequestEntry", "Entries"),
            Map.entry("DeleteMessageBatchRequestEntry", "Entries"),
            Map.entry("ChangeMessageVisibilityBatchRequestEntry", "Entries"),
            Map.entry("AWSAccountId", "AWSAccountIds"),
            Map.entry("ActionName", "Actions"),
            Map.entry("StringListValue", "StringListValues"),
            Map.entry("BinaryListValue", "BinaryListValues"));

    /** A flattened map's parameter name, its member's name in the document, and its entries' key and value names. */
    private record MapShape(String member, String key, String value) {}

    private static final Map<String, MapShape> MAPS = Map.of(
            "Attribute", new MapShape("Attributes", "Name", "Value"),
            "Tag", new MapShape("Tags", "Key", "Value"),
            "MessageAttribute", new MapShape("MessageAttributes", "Name", "Value"),
            "MessageSystemAttribute", new MapShape("MessageSystemAttributes", "Name", "Value"));

    private QueryForms() {}

    /** The form's parameters ({@code application/x-www-form-urlencoded}), the first of each name. */
    static Map<String, String> parse(String form) {
        try {
            return QueryStrings.parseForm(form);
        } catch (QueryStrings.Malformed e) {
            throw SqsErrors.invalidParameter("The request's form is not URL-encoded: " + e.undecodable());
        }
    }

    /**
     * The document of {@code action}'s parameters ({@code Action} and {@code Version} left out).
     * CreateQueue's tags are its member {@code tags}, TagQueue's {@code Tags}, as in SQS's model.
     */
    static ObjectNode document(String action, Map<String, String> parameters) {
        Map<String, Object> tree = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (!name.equals("Action") && !name.equals("Version")) {
                put(tree, name.split("\\."), 0, value);
            }
        });
        ObjectNode doc = object(tree);
        if (action.equals("CreateQueue") && doc.has("Tags")) {
            doc.set("tags", doc.remove("Tags"));
        }
        return doc;
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

    @SuppressWarnings("unchecked")
    private static ObjectNode object(Map<String, Object> tree) {
        ObjectNode out = NODES.objectNode();
        tree.forEach((name, child) -> {
            String list = LISTS.get(name);
            MapShape map = MAPS.get(name);
            if (child instanceof String text) {
                // an empty list is sent as its bare name, e.g. "AttributeName="
                if (list != null && text.isEmpty()) {
                    out.putArray(list);
                } else {
                    out.put(name, text);
                }
            } else if (list != null) {
                ArrayNode array = out.putArray(list);
                numbered((Map<String, Object>) child).values().forEach(element -> array.add(value(element)));
            } else if (map != null) {
                ObjectNode object = out.putObject(map.member());
                numbered((Map<String, Object>) child).values().forEach(element -> {
                    if (element instanceof Map<?, ?> entry && entry.get(map.key()) instanceof String key) {
                        object.set(key, value(entry.get(map.value())));
                    }
                });
            } else {
                out.set(name, object((Map<String, Object>) child));
            }
        });
        return out;
    }

    /** A list's or map's elements by their number, in order ({@code 1, 2, … 10}, not as text sorts them). */
    private static Map<Integer, Object> numbered(Map<String, Object> elements) {
        Map<Integer, Object> out = new TreeMap<>();
        elements.forEach((index, element) -> {
            try {
                out.put(Integer.parseInt(index), element);
            } catch (NumberFormatException e) {
                throw SqsErrors.invalidParameter("Parameter index " + index + " is not a number.");
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static JsonNode value(Object element) {
        return element == null
                ? NODES.nullNode()
                : element instanceof String text ? NODES.textNode(text) : object((Map<String, Object>) element);
    }
}
