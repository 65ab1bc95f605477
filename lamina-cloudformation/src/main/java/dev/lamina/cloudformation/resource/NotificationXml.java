package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An {@code AWS::S3::Bucket}'s {@code NotificationConfiguration} as the body of S3's
 * PutBucketNotificationConfiguration: {@code LambdaConfigurations} become
 * {@code CloudFunctionConfiguration}s ({@code Function} as {@code CloudFunction}),
 * {@code QueueConfigurations} {@code QueueConfiguration}s and {@code TopicConfigurations}
 * {@code TopicConfiguration}s, each with its {@code Event} and {@code Filter.S3Key.Rules} as
 * {@code FilterRule}s; {@code EventBridgeConfiguration} stays what it is. What S3 does not take (a
 * topic, EventBridge) is left for S3 to refuse in its own words. Pure.
 */
final class NotificationXml {
    private NotificationXml() {}

    /** The XML for {@code config}; an empty configuration (which removes every notification) for {@code null}. */
    static String of(JsonNode config) {
        StringBuilder xml =
                new StringBuilder("<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        if (config != null) {
            targets(xml, config.path("TopicConfigurations"), "TopicConfiguration", "Topic", "Topic");
            targets(xml, config.path("QueueConfigurations"), "QueueConfiguration", "Queue", "Queue");
            targets(
                    xml,
                    config.path("LambdaConfigurations"),
                    "CloudFunctionConfiguration",
                    "Function",
                    "CloudFunction");
            if (config.has("EventBridgeConfiguration")) {
                xml.append("<EventBridgeConfiguration/>");
            }
        }
        return xml.append("</NotificationConfiguration>").toString();
    }

    private static void targets(StringBuilder xml, JsonNode list, String element, String member, String arnElement) {
        for (JsonNode target : list) {
            xml.append('<').append(element).append('>');
            element(xml, arnElement, target.path(member).asText());
            element(xml, "Event", target.path("Event").asText());
            JsonNode rules = target.path("Filter").path("S3Key").path("Rules");
            if (!rules.isEmpty()) {
                xml.append("<Filter><S3Key>");
                for (JsonNode rule : rules) {
                    xml.append("<FilterRule>");
                    element(xml, "Name", rule.path("Name").asText());
                    element(xml, "Value", rule.path("Value").asText());
                    xml.append("</FilterRule>");
                }
                xml.append("</S3Key></Filter>");
            }
            xml.append("</").append(element).append('>');
        }
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                default -> xml.append(c);
            }
        }
        xml.append("</").append(name).append('>');
    }
}
