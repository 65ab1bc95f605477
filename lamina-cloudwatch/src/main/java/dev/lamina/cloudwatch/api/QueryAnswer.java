package dev.lamina.cloudwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.lamina.edge.protocol.Query;
import dev.lamina.edge.protocol.XmlText;
import java.util.Set;

/**
 * A CloudWatch answer document as the query protocol's XML: {@code <ActionResponse>} holding
 * {@code <ActionResult>} (none for PutMetricData) and {@code <ResponseMetadata>}. Lists are
 * {@code <Name><member>…</member></Name>}, maps (a datapoint's {@code ExtendedStatistics}) are
 * {@code <entry><key>…</key><value>…</value></entry>}, timestamps ISO-8601. Pure.
 */
final class QueryAnswer {
    static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    /** The members that are maps in CloudWatch's model. */
    private static final Set<String> MAPS = Set.of("ExtendedStatistics");

    /** The operations whose answer has no result element, only its metadata. */
    private static final Set<String> NO_RESULT = Set.of("PutMetricData");

    private QueryAnswer() {}

    static String response(String action, JsonNode output, String requestId) {
        StringBuilder result = null;
        if (!NO_RESULT.contains(action)) {
            StringBuilder members = new StringBuilder(512);
            output.properties().forEach(e -> member(members, e.getKey(), e.getValue()));
            result = members;
        }
        return Query.answer(NAMESPACE, action, result, requestId);
    }

    private static void member(StringBuilder xml, String name, JsonNode value) {
        xml.append('<').append(name).append('>');
        if (value.isArray()) {
            value.forEach(item -> member(xml, "member", item));
        } else if (value.isObject() && MAPS.contains(name)) {
            value.properties().forEach(e -> {
                xml.append("<entry>");
                XmlText.element(xml, "key", e.getKey());
                member(xml, "value", e.getValue());
                xml.append("</entry>");
            });
        } else if (value.isObject()) {
            value.properties().forEach(e -> member(xml, e.getKey(), e.getValue()));
        } else if (value instanceof POJONode pojo && pojo.getPojo() instanceof Timestamp t) {
            XmlText.escape(xml, t.instant().toString());
        } else {
            XmlText.escape(xml, value.asText());
        }
        xml.append("</").append(name).append('>');
    }
}
