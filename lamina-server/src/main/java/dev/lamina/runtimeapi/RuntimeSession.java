package dev.lamina.runtimeapi;

import java.io.IOException;
import java.io.InputStream;

/**
 * What one execution environment's Runtime API endpoint talks to. Each method is called on the
 * virtual thread serving one Runtime API request; an illegal call for the current state throws
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

    /** Blocks until an invocation is ready for the runtime; ends init on the first call. */
    Delivery next() throws InterruptedException;

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
