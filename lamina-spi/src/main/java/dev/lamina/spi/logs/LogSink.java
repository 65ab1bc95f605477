package dev.lamina.spi.logs;

/**
 * Where a service writes log events for CloudWatch Logs to keep (a function's output into
 * {@code /aws/lambda/<name>}). Writing never blocks on disk: events are queued and written in order
 * per stream, off the caller's path.
 */
public interface LogSink {
    /**
     * Appends one event to a stream, creating the group and the stream on first use. Called from any
     * thread.
     *
     * @param timestamp when the event happened, in epoch milliseconds
     */
    void append(String group, String stream, long timestamp, String message);
}
