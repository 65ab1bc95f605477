package dev.lamina.lambda.runtimeapi;

import java.io.IOException;
import java.io.InputStream;

/**
 * What one execution environment's Runtime API endpoint talks to. Methods are called on the
 * endpoint's event-loop thread, except {@link #respondStreaming}, which reads the stream on a virtual
 * thread of its own; they must not wait. An illegal call for the current state throws
 * {@link RuntimeApiException}, which the endpoint turns into the Runtime API's error response.
 */
public interface RuntimeSession {

    /** An invocation as {@code GET /next} delivers it. */
    record Delivery(
            String requestId,
            long deadlineEpochMs,
            String invokedFunctionArn,
            String traceId,
            String clientContext,
            String cognitoIdentity,
            String contentType,
            byte[] payload) {}

    /** Where the answer to one {@code GET /next} goes: called once, from any thread. */
    interface Next {
        void deliver(Delivery delivery);

        void refuse(RuntimeApiException e);

        /** False once the runtime closed the connection this answer would go to. */
        default boolean open() {
            return true;
        }
    }

    /**
     * The runtime asks for its next invocation; ends init on the first call. Answers through
     * {@code next} at once or when an invocation arrives, without waiting for it here.
     *
     * @throws RuntimeApiException at once when the state does not allow the call
     */
    void next(Next next);

    void respond(String requestId, byte[] body, String contentType);

    /**
     * The runtime streams its response ({@code Lambda-Runtime-Function-Response-Mode: streaming}):
     * hands {@code body} on as it arrives and returns when it ended.
     *
     * @throws IOException when the runtime broke the stream off; the invocation is still running and
     *     the runtime may report its error through {@link #fail}
     */
    default void respondStreaming(String requestId, String contentType, InputStream body) throws IOException {
        // A session with no streaming caller takes the stream as one response.
        respond(requestId, body.readAllBytes(), contentType == null ? "application/octet-stream" : contentType);
    }

    void fail(String requestId, byte[] body, String errorTypeHeader);

    void initError(byte[] body, String errorTypeHeader);

    /** Tells the session the runtime sent a response larger than the limit (the endpoint answered 413). */
    void responseTooLarge(String requestId);
}
