package dev.lamina.logs;

/**
 * One log event: a line a function wrote, or a platform line, in a log stream.
 *
 * @param sequence the event's place among the events of its stream with the same timestamp, in the
 *     order they were written (0 for the first); with the stream and the timestamp it names the event
 *     for as long as it is kept, whatever is written after it
 */
public record LogEvent(String logStreamName, long timestamp, long ingestionTime, String message, int sequence) {

    /** The order events of a group are read in: by time, then stream, then as written. */
    public static final java.util.Comparator<LogEvent> ORDER = java.util.Comparator.comparingLong(LogEvent::timestamp)
            .thenComparing(LogEvent::logStreamName)
            .thenComparingInt(LogEvent::sequence);
}
