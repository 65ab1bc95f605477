package dev.lamina.lambda.invoke;

/**
 * What Invoke answers.
 *
 * @param status 200 (ran), 202 (queued) or 204 (dry run)
 * @param functionError {@code Unhandled} when the function failed, else {@code null}
 * @param logResult base64 of the log tail, or {@code null}
 */
public record InvokeResponse(
        int status,
        String requestId,
        byte[] body,
        String contentType,
        String functionError,
        String logResult,
        String executedVersion) {}
