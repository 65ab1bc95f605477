package dev.lamina.spi.lambda;

import java.util.Objects;

/**
 * An asynchronous invocation another service queues, such as an S3 notification.
 *
 * @param function a function name, partial or full ARN
 * @param qualifier a version or alias, or {@code null} for what {@code function} names
 * @param payload the event as JSON bytes (at most 1 MiB, Lambda's limit for Event invocations)
 * @param requestId the invocation's request id when the caller chose it, or {@code null} for a new one:
 *     a caller that may queue the same invocation twice (its handing over was cut short by a crash)
 *     gives the same id each time, and Lambda queues it once while the first is still queued
 */
public record EventInvocation(String function, String qualifier, byte[] payload, String requestId) {
    public EventInvocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(payload, "payload");
    }

    /** An invocation under a new request id. */
    public EventInvocation(String function, String qualifier, byte[] payload) {
        this(function, qualifier, payload, null);
    }
}
