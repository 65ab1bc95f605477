package dev.lamina.lambda.async;

import java.util.Objects;

/**
 * An asynchronous invocation as it was accepted: what the 202 promised to deliver.
 *
 * @param requestId the request id the caller got; every attempt runs under it
 * @param functionName the function's name
 * @param qualifier the qualifier the caller named, or {@code null}
 * @param invokedArn the ARN the caller used (the handler's {@code invoked_function_arn})
 * @param traceId the X-Ray trace header the attempts carry
 * @param payload the event, valid JSON, passed to the function untouched
 * @param enqueuedAt when it was accepted, in epoch milliseconds
 * @param expiresAt when it grows older than the MaximumEventAgeInSeconds in force when it was
 *     accepted; it is not run after that
 */
public record AsyncEvent(
        String requestId,
        String functionName,
        String qualifier,
        String invokedArn,
        String traceId,
        byte[] payload,
        long enqueuedAt,
        long expiresAt) {

    public AsyncEvent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(invokedArn, "invokedArn");
        Objects.requireNonNull(payload, "payload");
    }
}
