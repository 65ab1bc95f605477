package dev.lamina.sqs.message;

import java.util.Map;

/**
 * One message to send, as SendMessage or one entry of SendMessageBatch gives it.
 *
 * @param delaySeconds its own delay, or {@code null} for the queue's
 * @param messageGroupId its message group (a FIFO queue's order), or {@code null}
 * @param deduplicationId what a FIFO queue deduplicates it by, or {@code null}
 */
public record SendRequest(
        String body,
        Map<String, MessageAttributeValue> attributes,
        Map<String, MessageAttributeValue> systemAttributes,
        Integer delaySeconds,
        String messageGroupId,
        String deduplicationId) {

    public SendRequest {
        attributes = Map.copyOf(attributes);
        systemAttributes = Map.copyOf(systemAttributes);
    }

    /** A message for a standard queue. */
    public SendRequest(
            String body,
            Map<String, MessageAttributeValue> attributes,
            Map<String, MessageAttributeValue> systemAttributes,
            Integer delaySeconds) {
        this(body, attributes, systemAttributes, delaySeconds, null, null);
    }
}
