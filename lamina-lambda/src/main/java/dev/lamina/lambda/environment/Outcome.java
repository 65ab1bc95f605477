package dev.lamina.lambda.environment;

/**
 * An invocation's result as the caller sees it.
 *
 * @param functionError {@code "Unhandled"} when the function or its runtime failed, else {@code null}
 * @param logTail the last 4096 bytes of the invocation's log lines (START to REPORT, UTF-8), or
 *     {@code null} if not asked for
 */
public record Outcome(byte[] body, String contentType, String functionError, byte[] logTail) {}
