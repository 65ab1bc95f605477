package dev.lamina.logs;

/**
 * What DescribeLogStreams tells of a stream. A stream made by CreateLogStream and not yet written has
 * no events: its event times are then {@code null}.
 *
 * @param storedBytes the bytes its files take
 */
public record StreamSummary(
        String name,
        long creationTime,
        Long firstEventTimestamp,
        Long lastEventTimestamp,
        Long lastIngestionTime,
        long storedBytes) {}
