package dev.lamina.sqs.message;

/**
 * A ReceiveMessage's limits.
 *
 * @param max at most this many messages, 1 to 10
 * @param visibilityTimeoutSeconds how long they stay hidden, or {@code null} for the queue's
 * @param waitSeconds how long to wait for one when there is none, 0 to 20, or {@code null} for the
 *     queue's {@code ReceiveMessageWaitTimeSeconds}
 */
public record ReceiveRequest(int max, Integer visibilityTimeoutSeconds, Integer waitSeconds) {}
