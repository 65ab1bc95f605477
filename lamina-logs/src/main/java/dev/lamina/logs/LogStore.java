package dev.lamina.logs;

import dev.lamina.spi.logs.LogSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Appends go through a queue to one writer thread, so no invocation waits on the disk; {@link
 * #flush()} waits for what was queued. The queue holds at most {@value #MAX_QUEUED_CHARS} characters:
 * a disk slower than the functions' output drops events (counted, and said once) rather than grow
 * the node's memory. After each batch the writer lingers a few milliseconds to gather the next, so a
 * busy node wakes it a few hundred times a second rather than once or twice per invocation.
 */
public final class LogStore implements LogSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogStore.class.getName());

    /** What the queue may hold before appends are dropped: 16 Mi characters, at most 32 MiB. */
    static final long MAX_QUEUED_CHARS = 16L << 20;

    /** Where a stream's file is sealed and a new one begun. */
    public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;

    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final String SUFFIX = ".log";

    private record Append(String group, String stream, long timestamp, String message, Runnable done) {}

    private final Path root;
    private final long segmentBytes;
    private final long maxQueuedChars;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final Thread writer;
    /**
     * Held by the writer for a batch and by whoever deletes files, so no file is deleted mid-write.
     * Package-private so that a test can hold the writer up.
     */
    final ReentrantLock files = new ReentrantLock();
    /** The open segment of each recently written stream; only under {@link #files}. */
    private final Map<String, Segment> open = new HashMap<>();

    private volatile boolean closed;
    private boolean failing;

    public LogStore(Path root) {
        this(root, DEFAULT_SEGMENT_BYTES);
    }

    /** @param segmentBytes the size past which a stream's file is sealed and a new one begun */
    public LogStore(Path root, long segmentBytes) {
        this(root, segmentBytes, MAX_QUEUED_CHARS);
    }

    LogStore(Path root, long segmentBytes, long maxQueuedChars) {
        this.root = root;
        this.segmentBytes = segmentBytes;
        this.maxQueuedChars = maxQueuedChars;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = Thread.ofPlatform().daemon().name("lamina-log-writer").start(this::writeLoop);
    }

    /** Queues one event; drops it (counted, and said once per spell) when the queue is full. */
    @Override
    public void append(String group, String stream, long timestamp, String message) {
        if (queuedChars.addAndGet(message.length()) > maxQueuedChars) {
            queuedChars.addAndGet(-message.length());
            dropped.increment();
            if (dropping.compareAndSet(false, true)) {
                LOG.warning("Log events are coming faster than the disk takes them; dropping some (of " + group + ")");
            }
            return;
        }
        queue.add(new Append(group, stream, timestamp, message, null));
    }

    /** Events dropped, since the start, because the queue was full or the disk refused them. */
    public long droppedEvents() {
        return dropped.sum();
    }

    /** Waits until everything queued before this call is written (or dropped). */
    public void flush() {
        if (closed) {
            return;
        }
        var done = new CountDownLatch(1);
        queue.add(new Append(null, null, 0, null, done::countDown));
        LockSupport.unpark(writer);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        files.lock();
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
            files.unlock();
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
        files.lock();
        try {
            List<Path> segments = logFiles(groupDir(group)).stream()
                    .filter(f -> LogFiles.streamName(f.getFileName().toString()).equals(stream))
                    .toList();
            segments.forEach(this::delete);
            return !segments.isEmpty();
        } finally {
            files.unlock();
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
        files.lock();
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
            files.unlock();
        }
    }

    /** Deletes a group, its streams and its settings (DeleteLogGroup); one already gone is no error. */
    public void deleteGroup(String group) {
        files.lock();
        try {
            Path dir = groupDir(group);
            logFiles(dir).forEach(this::delete);
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
            files.unlock();
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
        files.lock();
        try {
            long deleted = 0;
            for (Path file : logFiles(groupDir(group))) {
                if (modifiedMillis(file) < cutoffMillis) {
                    deleted += delete(file);
                }
            }
            return deleted;
        } finally {
            files.unlock();
        }
    }

    /**
     * Deletes whole files, oldest (by newest event) first across every group, until at least {@code
     * bytes} are gone or nothing is left; the disk guard's relief.
     *
     * @return the bytes deleted
     */
    public long reclaim(long bytes) {
        files.lock();
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
                deleted += delete(all.get(i).file());
            }
            return deleted;
        } finally {
            files.unlock();
        }
    }

    /** Deletes one file, closing it first if it is being written; under {@link #files}. */
    private long delete(Path file) {
        open.values().removeIf(s -> {
            if (s.path().equals(file)) {
                s.closeQuietly();
                return true;
            }
            return false;
        });
        long size = sizeOrZero(file);
        try {
            return Files.deleteIfExists(file) ? size : 0;
        } catch (IOException e) {
            LOG.warning("could not delete " + file + ": " + e.getMessage());
            return 0;
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

    private static long sizeOrZero(Path file) {
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

    private void writeLoop() {
        List<Append> batch = new ArrayList<>(256);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, 4095);
                files.lock();
                try {
                    writeBatch(batch);
                } finally {
                    files.unlock();
                }
                for (Append a : batch) {
                    if (a.done() != null) {
                        a.done().run();
                    }
                }
                batch.clear();
                LockSupport.parkNanos(LINGER_NANOS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Writes a batch and flushes every file it touched; a file the disk refuses loses its events. */
    private void writeBatch(List<Append> batch) {
        long chars = 0;
        boolean failed = false;
        for (Append a : batch) {
            if (a.done() != null) {
                continue;
            }
            chars += a.message().length();
            try {
                write(a);
            } catch (IOException e) {
                failed = true;
                dropped.increment();
                forget(a);
                if (!failing) {
                    LOG.warning(
                            "Writing logs failed (" + e.getMessage() + "); events are dropped until it works again");
                }
            }
        }
        for (var it = open.values().iterator(); it.hasNext(); ) {
            Segment s = it.next();
            try {
                s.writer().flush();
            } catch (IOException e) {
                failed = true;
                s.closeQuietly();
                it.remove();
            }
        }
        queuedChars.addAndGet(-chars);
        if (failing && !failed) {
            LOG.info("Writing logs works again (" + dropped.sum() + " events dropped since the start)");
        }
        failing = failed;
        if (queue.isEmpty() && dropping.compareAndSet(true, false)) {
            LOG.info("The log queue has room again (" + dropped.sum() + " events dropped since the start)");
        }
    }

    private void forget(Append a) {
        Segment s = open.remove(a.group() + "\n" + a.stream());
        if (s != null) {
            s.closeQuietly();
        }
    }

    private void write(Append a) throws IOException {
        String key = a.group() + "\n" + a.stream();
        Segment s = open.get(key);
        if (s == null) {
            if (open.size() >= 256) {
                open.values().forEach(Segment::closeQuietly);
                open.clear();
            }
            Path dir = Files.createDirectories(groupDir(a.group()));
            s = Segment.open(dir.resolve(LogFiles.fileName(a.stream()) + SUFFIX));
            open.put(key, s);
        }
        s.write(a.timestamp(), LogFiles.escape(a.message()));
        if (s.bytes() >= segmentBytes) {
            open.remove(key);
            seal(s, a.timestamp());
        }
    }

    /** Closes a full segment and renames it aside, so the stream's next event begins a new one. */
    private static void seal(Segment s, long lastTimestamp) throws IOException {
        s.writer().close();
        String base = s.path().getFileName().toString();
        base = base.substring(0, base.length() - SUFFIX.length()) + "~" + lastTimestamp;
        for (int n = 0; ; n++) {
            Path target = s.path().resolveSibling(base + (n == 0 ? "" : "-" + n) + SUFFIX);
            try {
                Files.move(s.path(), target);
                return;
            } catch (FileAlreadyExistsException e) {
                // two seals in one millisecond: try the next name
            }
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        files.lock();
        try {
            open.values().forEach(Segment::closeQuietly);
            open.clear();
        } finally {
            files.unlock();
        }
    }
}
