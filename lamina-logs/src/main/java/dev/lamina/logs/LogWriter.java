package dev.lamina.logs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

/**
 * The {@link LogStore}'s writing side: appends go through a queue to one writer thread, so no
 * invocation waits on the disk, into each stream's open segment, sealed past {@code segmentBytes}.
 * The queue holds at most {@code maxQueuedChars} characters: a disk slower than the functions' output
 * drops events (counted, and said once) rather than grow the node's memory. After each batch the
 * writer lingers a few milliseconds to gather the next, so a busy node wakes it a few hundred times a
 * second rather than once or twice per invocation.
 */
final class LogWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Append(String group, String stream, long timestamp, String message, Runnable done) {}

    private final Path root;
    private final long segmentBytes;
    private final long maxQueuedChars;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final Thread thread;
    /**
     * Held by the writer for a batch and by whoever deletes files, so no file is deleted mid-write.
     * Package-private so that a test can hold the writer up.
     */
    final ReentrantLock files = new ReentrantLock();
    /** The open segment of each recently written stream; only under {@link #files}. */
    private final Map<String, Segment> open = new HashMap<>();

    private volatile boolean closed;
    private boolean failing;

    LogWriter(Path root, long segmentBytes, long maxQueuedChars) {
        this.root = root;
        this.segmentBytes = segmentBytes;
        this.maxQueuedChars = maxQueuedChars;
        this.thread = Thread.ofPlatform().daemon().name("lamina-log-writer").start(this::writeLoop);
    }

    /** Queues one event; drops it (counted, and said once per spell) when the queue is full. */
    void append(String group, String stream, long timestamp, String message) {
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
    long droppedEvents() {
        return dropped.sum();
    }

    /** Waits until everything queued before this call is written (or dropped). */
    void flush() {
        if (closed) {
            return;
        }
        var done = new CountDownLatch(1);
        queue.add(new Append(null, null, 0, null, done::countDown));
        LockSupport.unpark(thread);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes one file, closing it first if it is being written; under {@link #files}. */
    long delete(Path file) {
        open.values().removeIf(s -> {
            if (s.path().equals(file)) {
                s.closeQuietly();
                return true;
            }
            return false;
        });
        long size = LogStore.sizeOrZero(file);
        try {
            return Files.deleteIfExists(file) ? size : 0;
        } catch (IOException e) {
            LOG.warning("could not delete " + file + ": " + e.getMessage());
            return 0;
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
            Path dir = Files.createDirectories(root.resolve(LogFiles.fileName(a.group())));
            s = Segment.open(dir.resolve(LogFiles.fileName(a.stream()) + LogStore.SUFFIX));
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
        base = base.substring(0, base.length() - LogStore.SUFFIX.length()) + "~" + lastTimestamp;
        for (int n = 0; ; n++) {
            Path target = s.path().resolveSibling(base + (n == 0 ? "" : "-" + n) + LogStore.SUFFIX);
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
        thread.interrupt();
        try {
            thread.join(2000);
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
