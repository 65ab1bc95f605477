package dev.lamina.scheduler.fire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One asynchronous invocation a tick sends to a Lambda function, as the outbox carries it from the
 * tick's transaction to {@code Lambda.enqueue}.
 *
 * @param function the function's ARN, qualified or not
 * @param requestId the invocation's request id: the tick's execution id, so that Lambda takes a
 *     delivery made twice (the node died between handing it over and forgetting it) once
 * @param payload the event, JSON text
 * @param retryAttempts how often a delivery that Lambda's own failure stopped is tried again (the
 *     target's RetryPolicy MaximumRetryAttempts)
 * @param maxAgeSeconds how long after it fired it is still tried (MaximumEventAgeInSeconds)
 */
public record Delivery(String function, String requestId, String payload, int retryAttempts, int maxAgeSeconds) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LAMBDA_FUNCTION =
            Pattern.compile("^arn:aws(-[a-z]+)?:lambda:[a-z0-9-]+:\\d{12}:function:"
                    + "[A-Za-z0-9_-]{1,64}(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?$");

    public Delivery {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
    }

    /** Whether {@code arn} is a Lambda function's, qualified or not: the only targets the node invokes. */
    public static boolean isLambdaFunction(String arn) {
        return LAMBDA_FUNCTION.matcher(arn).matches();
    }

    byte[] encode() {
        ObjectNode out = JSON.createObjectNode()
                .put("function", function)
                .put("requestId", requestId)
                .put("payload", payload)
                .put("retryAttempts", retryAttempts)
                .put("maxAgeSeconds", maxAgeSeconds);
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Delivery decode(byte[] bytes) {
        try {
            JsonNode in = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return new Delivery(
                    in.get("function").asText(),
                    in.get("requestId").asText(),
                    in.get("payload").asText(),
                    in.get("retryAttempts").asInt(),
                    in.get("maxAgeSeconds").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
