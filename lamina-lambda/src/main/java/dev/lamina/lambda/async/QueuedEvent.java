package dev.lamina.lambda.async;

import java.util.Objects;

/**
 * An event in the queue with its delivery state.
 *
 * @param dueAt when it may next be attempted, in epoch milliseconds
 * @param attempts how many times the function ran it so far (Lambda's approximateInvokeCount)
 * @param returns how many times it went back to the queue after a system error
 * @param lastResponse the last attempt's response, or {@code null} before the first
 */
public record QueuedEvent(AsyncEvent event, long dueAt, int attempts, int returns, FunctionResponse lastResponse) {

    public QueuedEvent {
        Objects.requireNonNull(event, "event");
        if (attempts < 0 || returns < 0) {
            throw new IllegalArgumentException("attempts and returns cannot be negative");
        }
    }

    public String requestId() {
        return event.requestId();
    }
}
