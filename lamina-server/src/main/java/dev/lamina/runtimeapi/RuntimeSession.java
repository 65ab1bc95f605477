package dev.lamina.runtimeapi;

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

    void fail(String requestId, byte[] body, String errorTypeHeader);

    void initError(byte[] body, String errorTypeHeader);

    /** Tells the session the runtime sent a response larger than the limit (the endpoint answered 413). */
    void responseTooLarge(String requestId);
}
