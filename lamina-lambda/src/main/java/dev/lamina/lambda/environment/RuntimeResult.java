package dev.lamina.lambda.environment;

/** What ended an invocation inside the environment, before platform accounting. */
public sealed interface RuntimeResult {

    /** The runtime posted a response. */
    record Response(byte[] body, String contentType) implements RuntimeResult {}

    /** The runtime streamed its response, and the caller has had all of it. */
    record Streamed(String contentType) implements RuntimeResult {}

    /** The runtime posted an error document for the invocation (a handler error). */
    record HandlerError(byte[] body, String errorType) implements RuntimeResult {}

    /**
     * The platform failed the invocation: an init error, the runtime's exit, an oversized response.
     * The environment cannot be reused.
     */
    record PlatformError(String errorType, byte[] body) implements RuntimeResult {}

    /** The environment stopped before it took the invocation: nothing ran, another environment may. */
    record NotTaken(String reason) implements RuntimeResult {}
}
