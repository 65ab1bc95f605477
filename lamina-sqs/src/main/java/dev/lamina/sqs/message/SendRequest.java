package dev.lamina.sqs.message;

import java.util.Map;

/**
 * One message to send, as SendMessage or one entry of SendMessageBatch gives it.
 *
 * @param delaySeconds its own delay, or {@code null} for the queue's
 */
public record SendRequest(
        String body,
        Map<String, MessageAttributeValue> attributes,
        Map<String, MessageAttributeValue> systemAttributes,
        Integer delaySeconds) {

    public SendRequest {
        attributes = Map.copyOf(attributes);
        systemAttributes = Map.copyOf(systemAttributes);
    }
}
