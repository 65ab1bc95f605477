package dev.lamina.logs;

import dev.lamina.spi.logs.LogSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Log groups kept under the data directory, one directory per group and a few segment files per log
 * stream: {@code logs/<group-as-file-name>/<stream-as-file-name>.log} takes new events and, past
 * {@code segmentBytes}, is sealed as {@code <stream-as-file-name>~<last timestamp>.log}, so old data
 * can go while a stream is still written. One event per line as {@code <epoch ms>\t<message>}, with
 * backslash, CR and LF escaped. A file's modification time is the time of its newest event; deleting
 * whole files by it is how retention ({@link #expire}) and the disk guard ({@link #reclaim}) work.
 *
 * <p>Appends are written off the caller's thread by a {@link LogWriter}, at most {@value
 * #MAX_QUEUED_CHARS} characters queued; {@link #flush()} waits for what was queued. Files are deleted
 * (retention, the disk guard, DeleteLogStream/Group) under the writer's lock, so none goes mid-write.
 */
public final class LogStore implements LogSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogStore.class.getName());

    /** Where a stream's file is sealed and a new one begun. */
    public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;

    /** What the queue may hold before appends are dropped: 16 Mi characters, at most 32 MiB. */
    static final long MAX_QUEUED_CHARS = 16L << 20;

    static final String SUFFIX = ".log";

    private final Path root;
    /** Writes appended events to the streams' files; a file is deleted only under its lock. */
    final LogWriter writer;

    public LogStore(Path root) {
        this(root, DEFAULT_SEGMENT_BYTES);
    }

    /** @param segmentBytes the size past which a stream's file is sealed and a new one begun */
    public LogStore(Path root, long segmentBytes) {
        this(root, segmentBytes, MAX_QUEUED_CHARS);
    }

    LogStore(Path root, long segmentBytes, long maxQueuedChars) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = new LogWriter(root, segmentBytes, maxQueuedChars);
    }

    /** Queues one event; drops it (counted, and said once per spell) when the queue is full. */
    @Override
    public void append(String group, String stream, long timestamp, String message) {
        writer.append(group, stream, timestamp, message);
    }

    /** Events dropped, since the start, because the queue was full or the disk refused them. */
    public long droppedEvents() {
        return writer.droppedEvents();
    }

    /** Waits until everything queued before this call is written (or dropped). */
    public void flush() {
        writer.flush();
    }

    /**
     * Events of a group with {@code startTime <= timestamp < endTime}, in {@link LogEvent#ORDER}.
     *
     * @param streams which streams to read: by name, {@code null} for all
     */
    public List<LogEvent> readStreams(
            String group, long startTime, long endTime, java.util.function.Predicate<String> streams) {
        flush();
        List<LogEvent> events = new ArrayList<>();
        StreamSegments.byStream(logFiles(groupDir(group))).forEach((stream, segments) -> {
            if (streams == null || streams.test(stream)) {
                StreamSegments.read(stream, segments, startTime, endTime, events);
            }
        });
        events.sort(LogEvent.ORDER);
        return events;
    }

    /** Events of a group in streams whose name starts with {@code streamPrefix} (any, if {@code null}). */
    public List<LogEvent> read(String group, long startTime, long endTime, String streamPrefix) {
        return readStreams(group, startTime, endTime, streamPrefix == null ? null : s -> s.startsWith(streamPrefix));
    }

    /** What DescribeLogStreams tells of each stream of a group, by name. */
    public List<StreamSummary> streamSummaries(String group) {
        flush();
        List<StreamSummary> out = new ArrayList<>();
        StreamSegments.byStream(logFiles(groupDir(group)))
                .forEach((stream, segments) -> out.add(StreamSegments.summary(stream, segments)));
        return out;
    }

    /**
     * Makes an empty stream (CreateLogStream), and its group if need be.
     *
     * @return whether it was made, {@code false} when it exists already
     */
    public boolean createStream(String group, String stream) {
        writer.files.lock();
        try {
            if (streamExists(group, stream)) {
                return false;
            }
            Path dir = Files.createDirectories(groupDir(group));
            Files.createFile(dir.resolve(LogFiles.fileName(stream) + SUFFIX));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.files.unlock();
        }
    }

    /** Whether a group has a stream of this name (made, or written to). */
    public boolean streamExists(String group, String stream) {
        return logFiles(groupDir(group)).stream()
                .anyMatch(f -> LogFiles.streamName(f.getFileName().toString()).equals(stream));
    }

    /**
     * Deletes a stream's events (DeleteLogStream), after what was queued for it is written.
     *
     * @return whether there was such a stream
     */
    public boolean deleteStream(String group, String stream) {
        flush();
        writer.files.lock();
        try {
            List<Path> segments = logFiles(groupDir(group)).stream()
                    .filter(f -> LogFiles.streamName(f.getFileName().toString()).equals(stream))
                    .toList();
            segments.forEach(writer::delete);
            return !segments.isEmpty();
        } finally {
            writer.files.unlock();
        }
    }

    /** The log streams of a group, by name. */
    public List<String> streams(String group) {
        return logFiles(groupDir(group)).stream()
                .map(f -> LogFiles.streamName(f.getFileName().toString()))
                .distinct()
                .sorted()
                .toList();
    }

    /** The log groups, by name. */
    public List<String> groups() {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> LogFiles.decode(d.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean groupExists(String group) {
        return Files.isDirectory(groupDir(group));
    }

    /**
     * Makes an empty group (CreateLogGroup); a function's first event makes one too.
     *
     * @return whether it was made, {@code false} when it exists already
     */
    public boolean createGroup(String group) {
        writer.files.lock();
        try {
            Path dir = groupDir(group);
            if (Files.isDirectory(dir)) {
                return false;
            }
            Files.createDirectories(dir);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.files.unlock();
        }
    }

    /** Deletes a group, its streams and its settings (DeleteLogGroup); one already gone is no error. */
    public void deleteGroup(String group) {
        writer.files.lock();
        try {
            Path dir = groupDir(group);
            logFiles(dir).forEach(writer::delete);
            try (Stream<Path> rest = Files.list(dir)) {
                for (Path file : rest.toList()) {
                    Files.deleteIfExists(file);
                }
            } catch (NoSuchFileException e) {
                return;
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.files.unlock();
        }
    }

    /** The bytes a group's events take on disk. */
    public long storedBytes(String group) {
        return logFiles(groupDir(group)).stream()
                .mapToLong(LogStore::sizeOrZero)
                .sum();
    }

    /** When a group was first written, in epoch milliseconds (its directory's birth, where kept). */
    public long creationTime(String group) {
        try {
            return Files.readAttributes(groupDir(group), java.nio.file.attribute.BasicFileAttributes.class)
                    .creationTime()
                    .toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Where a group's files live; its settings sit beside its streams. */
    Path groupDir(String group) {
        return root.resolve(LogFiles.fileName(group));
    }

    /**
     * Deletes a group's files whose newest event is older than {@code cutoffMillis} (retention).
     *
     * @return the bytes deleted
     */
    public long expire(String group, long cutoffMillis) {
        writer.files.lock();
        try {
            long deleted = 0;
            for (Path file : logFiles(groupDir(group))) {
                if (modifiedMillis(file) < cutoffMillis) {
                    deleted += writer.delete(file);
                }
            }
            return deleted;
        } finally {
            writer.files.unlock();
        }
    }

    /**
     * Deletes whole files, oldest (by newest event) first across every group, until at least {@code
     * bytes} are gone or nothing is left; the disk guard's relief.
     *
     * @return the bytes deleted
     */
    public long reclaim(long bytes) {
        writer.files.lock();
        try {
            record Aged(Path file, long modified) {}
            List<Aged> all = new ArrayList<>();
            for (String group : groups()) {
                for (Path file : logFiles(groupDir(group))) {
                    all.add(new Aged(file, modifiedMillis(file)));
                }
            }
            all.sort(Comparator.comparingLong(Aged::modified));
            long deleted = 0;
            for (int i = 0; i < all.size() && deleted < bytes; i++) {
                deleted += writer.delete(all.get(i).file());
            }
            return deleted;
        } finally {
            writer.files.unlock();
        }
    }

    static List<Path> logFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted meanwhile
        }
    }

    private static long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // deleted meanwhile: nothing to delete
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
