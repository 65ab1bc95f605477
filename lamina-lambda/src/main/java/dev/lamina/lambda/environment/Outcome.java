package dev.lamina.lambda.environment;

/**
 * An invocation's result as the caller sees it.
 *
 * @param functionError {@code "Unhandled"} when the function or its runtime failed, else {@code null}
 * @param logTail the invocation's log lines (START to REPORT), or {@code null} if not asked for
 */
public record Outcome(byte[] body, String contentType, String functionError, String logTail) {}
