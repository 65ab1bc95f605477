package dev.lamina.sqs.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.edge.protocol.Query;
import dev.lamina.edge.protocol.XmlText;
import java.util.Map;
import java.util.Set;

/**
 * An SQS answer document as the query protocol's XML: {@code <ActionResponse>} holding
 * {@code <ActionResult>} and {@code <ResponseMetadata>}, lists and maps flattened under their
 * members' {@code locationName}s in SQS's model (the reverse of {@link QueryForms}).
 *
 * <p>Example: GetQueueAttributes' {@code {"Attributes": {"VisibilityTimeout": "30"}}} is
 * {@code <GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>30</Value>
 * </Attribute></GetQueueAttributesResult>}. Pure.
 */
final class QueryXml {
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";

    /** A document member that is a flattened map: its element's name, and its entries' key and value names. */
    private record MapShape(String element, String key, String value) {}

    private static final Map<String, MapShape> MAPS = Map.of(
            "Attributes", new MapShape("Attribute", "Name", "Value"),
            "Tags", new MapShape("Tag", "Key", "Value"),
            "MessageAttributes", new MapShape("MessageAttribute", "Name", "Value"));

    private static final Map<String, String> LISTS = Map.of(
            "QueueUrls", "QueueUrl",
            "queueUrls", "QueueUrl",
            "Messages", "Message",
            "Failed", "BatchResultErrorEntry",
            "Results", "ListMessageMoveTasksResultEntry");

    /** The operations whose answer has no result element, only its metadata. */
    private static final Set<String> NO_RESULT = Set.of(
            "DeleteQueue",
            "PurgeQueue",
            "SetQueueAttributes",
            "TagQueue",
            "UntagQueue",
            "DeleteMessage",
            "ChangeMessageVisibility",
            "AddPermission",
            "RemovePermission");

    private QueryXml() {}

    static String response(String action, JsonNode output, String requestId) {
        StringBuilder result = null;
        if (!NO_RESULT.contains(action)) {
            result = new StringBuilder(256);
            members(result, action, output);
        }
        return Query.answer(NAMESPACE, action, result, requestId);
    }

    private static void members(StringBuilder xml, String action, JsonNode object) {
        object.properties().forEach(e -> member(xml, action, e.getKey(), e.getValue()));
    }

    private static void member(StringBuilder xml, String action, String name, JsonNode value) {
        MapShape map = MAPS.get(name);
        if (map != null && value.isObject()) {
            value.properties().forEach(entry -> {
                xml.append('<').append(map.element()).append('>');
                element(xml, map.key(), entry.getKey());
                member(xml, action, map.value(), entry.getValue());
                xml.append("</").append(map.element()).append('>');
            });
        } else if (value.isArray()) {
            String element = name.equals("Successful") ? action + "ResultEntry" : LISTS.getOrDefault(name, name);
            value.forEach(item -> member(xml, action, element, item));
        } else if (value.isObject()) {
            xml.append('<').append(name).append('>');
            members(xml, action, value);
            xml.append("</").append(name).append('>');
        } else {
            element(xml, name, value.asText());
        }
    }

    private static void element(StringBuilder xml, String name, String text) {
        XmlText.element(xml, name, text);
    }
}
