package dev.lamina.lambda.async;

/**
 * What one attempt of an asynchronous invocation answered, kept for the destination's record.
 *
 * @param executedVersion the version that ran
 * @param functionError {@code Unhandled} when the function failed, else {@code null}
 * @param body what the function returned, or its error document
 */
public record FunctionResponse(String executedVersion, String functionError, byte[] body) {

    public boolean failed() {
        return functionError != null;
    }
}
