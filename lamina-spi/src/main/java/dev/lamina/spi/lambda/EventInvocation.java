package dev.lamina.spi.lambda;

import java.util.Objects;

/**
 * An asynchronous invocation another service queues, such as an S3 notification.
 *
 * @param function a function name, partial or full ARN
 * @param qualifier a version or alias, or {@code null} for what {@code function} names
 * @param payload the event as JSON bytes (at most 1 MiB, Lambda's limit for Event invocations)
 */
public record EventInvocation(String function, String qualifier, byte[] payload) {
    public EventInvocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(payload, "payload");
    }
}
