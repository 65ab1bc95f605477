package dev.lamina.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reading a stream's segment files in the order they were written: the sealed ones by the timestamp
 * their name ends with ({@code <stream>~<last timestamp>[-n].log}), the open one ({@code
 * <stream>.log}) last. Reading in that order is what lets {@link LogEvent#sequence()} count the
 * events of one timestamp the same way on every read.
 */
final class StreamSegments {
    private StreamSegments() {}

    /** A group's segment files by stream name (sorted), each stream's in the order written. */
    static Map<String, List<Path>> byStream(List<Path> files) {
        Map<String, List<Path>> streams = new TreeMap<>();
        for (Path f : files) {
            streams.computeIfAbsent(LogFiles.streamName(f.getFileName().toString()), s -> new ArrayList<>())
                    .add(f);
        }
        streams.values().forEach(segments -> segments.sort(WRITTEN));
        return streams;
    }

    /** Sealed segments by (last timestamp, n), the open one last. */
    private static final Comparator<Path> WRITTEN = Comparator.comparing(StreamSegments::sealedAt, (a, b) -> {
        for (int i = 0; i < 2; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    });

    private static long[] sealedAt(Path file) {
        String name = file.getFileName().toString();
        int tilde = name.indexOf('~');
        if (tilde < 0) {
            return new long[] {Long.MAX_VALUE, 0};
        }
        String rest = name.substring(tilde + 1, name.length() - LogStore.SUFFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash < 0
                    ? new long[] {Long.parseLong(rest), 0}
                    : new long[] {Long.parseLong(rest, 0, dash, 10), Long.parseLong(rest.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return new long[] {Long.MAX_VALUE - 1, 0};
        }
    }

    /** Adds a stream's events in range to {@code into}, numbering those that share a timestamp. */
    static void read(String stream, List<Path> segments, long start, long end, List<LogEvent> into) {
        Map<Long, Integer> seen = new HashMap<>();
        for (Path file : segments) {
            readSegment(file, stream, start, end, seen, into);
        }
    }

    private static void readSegment(
            Path file, String stream, long start, long end, Map<Long, Integer> seen, List<LogEvent> into) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long ingestion = Files.getLastModifiedTime(file).toMillis();
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                long ts = tab > 0 ? parseTimestamp(line, tab) : -1;
                // A line cut short by a full disk has no timestamp: skip it.
                if (ts < 0) {
                    continue;
                }
                int sequence = seen.merge(ts, 1, Integer::sum) - 1;
                if (ts >= start && ts < end) {
                    into.add(new LogEvent(
                            stream,
                            ts,
                            Math.max(ts, Math.min(ingestion, ts + 1000)),
                            LogFiles.unescape(line.substring(tab + 1)),
                            sequence));
                }
            }
        } catch (NoSuchFileException e) {
            // deleted by retention or the disk guard while listed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream's times: its first and last events by timestamp, read from its files. */
    static StreamSummary summary(String stream, List<Path> segments) {
        List<LogEvent> events = new ArrayList<>();
        read(stream, segments, Long.MIN_VALUE, Long.MAX_VALUE, events);
        long created = Long.MAX_VALUE;
        long bytes = 0;
        Long lastIngestion = null;
        for (Path f : segments) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                created = Math.min(created, a.creationTime().toMillis());
                bytes += a.size();
                if (a.size() > 0) {
                    long m = a.lastModifiedTime().toMillis();
                    lastIngestion = lastIngestion == null ? m : Math.max(lastIngestion, m);
                }
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        Long first = events.stream().map(LogEvent::timestamp).min(Long::compare).orElse(null);
        Long last = events.stream().map(LogEvent::timestamp).max(Long::compare).orElse(null);
        return new StreamSummary(stream, created == Long.MAX_VALUE ? 0 : created, first, last, lastIngestion, bytes);
    }

    private static long parseTimestamp(String line, int tab) {
        try {
            return Long.parseLong(line, 0, tab, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
