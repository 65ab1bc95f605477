package dev.lamina.spi.lambda;

/**
 * How a synchronous invocation ended.
 *
 * @param requestId the invocation's id, which the handler saw as its request id
 * @param executedVersion the version that ran ({@code $LATEST} or a number)
 * @param payload what the function answered, or Lambda's error document when it failed
 * @param functionError {@code Unhandled} or {@code Handled} when the function failed, else {@code null}
 */
public record InvocationResult(String requestId, String executedVersion, byte[] payload, String functionError) {
    public boolean failed() {
        return functionError != null;
    }
}
