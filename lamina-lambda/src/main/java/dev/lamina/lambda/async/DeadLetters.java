package dev.lamina.lambda.async;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a function's dead-letter queue gets for an asynchronous invocation that failed every attempt
 * or grew too old: the event itself as the message body, and Lambda's three message attributes,
 * {@code RequestID} (String), {@code ErrorCode} (Number: the status the invocation answered, 200 for
 * a function error) and {@code ErrorMessage} (String, at most 1 KiB).
 */
public final class DeadLetters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 1024;

    private DeadLetters() {}

    public static EventQueue.QueueMessage of(
            String queueArn, AsyncEvent event, RetryPolicy.Condition condition, FunctionResponse response) {
        Map<String, EventQueue.QueueMessage.Attribute> attributes = new LinkedHashMap<>();
        attributes.put("RequestID", new EventQueue.QueueMessage.Attribute("String", event.requestId()));
        attributes.put("ErrorCode", new EventQueue.QueueMessage.Attribute("Number", "200"));
        attributes.put("ErrorMessage", new EventQueue.QueueMessage.Attribute("String", message(condition, response)));
        return new EventQueue.QueueMessage(queueArn, new String(event.payload(), StandardCharsets.UTF_8), attributes);
    }

    /** The function's {@code errorMessage}, else its error type, else what ended the event; cut to 1 KiB. */
    static String message(RetryPolicy.Condition condition, FunctionResponse response) {
        String message = null;
        if (response != null && response.body() != null) {
            try {
                JsonNode error = JSON.readTree(response.body());
                if (error != null && error.path("errorMessage").isTextual()) {
                    message = error.path("errorMessage").asText();
                }
            } catch (IOException notJson) {
                message = new String(response.body(), StandardCharsets.UTF_8);
            }
            if ((message == null || message.isEmpty()) && response.functionError() != null) {
                message = response.functionError();
            }
        }
        if (message == null || message.isEmpty()) {
            message = condition == RetryPolicy.Condition.EventAgeExceeded
                    ? "The event was older than the function's maximum event age"
                    : condition.name();
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_MESSAGE) {
            return message;
        }
        // cut at a character boundary at or below 1 KiB
        int end = MAX_MESSAGE;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
