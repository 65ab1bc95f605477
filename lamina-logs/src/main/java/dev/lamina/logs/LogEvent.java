package dev.lamina.logs;

/** One log event: a line a function wrote, or a platform line, in a log stream. */
public record LogEvent(String logStreamName, long timestamp, long ingestionTime, String message) {}
