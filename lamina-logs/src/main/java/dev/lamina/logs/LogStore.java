package dev.lamina.logs;

import dev.lamina.spi.logs.LogSink;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Log groups kept under the data directory, one file per log stream:
 * {@code logs/<group-as-file-name>/<stream-as-file-name>.log}, one event per line as
 * {@code <epoch ms>\t<message>} with backslash, CR and LF escaped. Appends go through a queue to one
 * writer thread, so no invocation waits on the disk; {@link #flush()} waits for what was queued.
 * After each batch the writer lingers a few milliseconds to gather the next, so a busy node wakes it
 * a few hundred times a second rather than once or twice per invocation; a flush cuts it short.
 */
public final class LogStore implements LogSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogStore.class.getName());

    private record Append(String group, String stream, long timestamp, String message, Runnable done) {}

    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path root;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>(1 << 20);
    private final Thread writer;
    private final Map<String, BufferedWriter> open = new HashMap<>();
    private volatile boolean closed;

    public LogStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = Thread.ofPlatform().daemon().name("lamina-log-writer").start(this::writeLoop);
    }

    /** Queues one event; drops it (and says so) only if the queue is full. */
    @Override
    public void append(String group, String stream, long timestamp, String message) {
        if (!queue.offer(new Append(group, stream, timestamp, message, null))) {
            LOG.warning("log queue full; dropped an event of " + group);
        }
    }

    /** Waits until everything queued before this call is written. */
    public void flush() {
        var done = new java.util.concurrent.CountDownLatch(1);
        if (closed || !queue.offer(new Append(null, null, 0, null, done::countDown))) {
            return;
        }
        LockSupport.unpark(writer);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events of a group with {@code startTime <= timestamp < endTime}, in time order. */
    public List<LogEvent> read(String group, long startTime, long endTime, String streamPrefix) {
        flush();
        Path dir = root.resolve(fileName(group));
        List<LogEvent> events = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return events;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String stream = streamName(file.getFileName().toString());
                if (streamPrefix != null && !stream.startsWith(streamPrefix)) {
                    continue;
                }
                readStream(file, stream, startTime, endTime, events);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return events;
    }

    /** The log streams of a group with the time of their last event, newest last. */
    public List<String> streams(String group) {
        Path dir = root.resolve(fileName(group));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> streamName(f.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean groupExists(String group) {
        return Files.isDirectory(root.resolve(fileName(group)));
    }

    private static void readStream(Path file, String stream, long start, long end, List<LogEvent> into)
            throws IOException {
        long ingestion = Files.getLastModifiedTime(file).toMillis();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab < 0) {
                    continue;
                }
                long ts = Long.parseLong(line, 0, tab, 10);
                if (ts >= start && ts < end) {
                    into.add(new LogEvent(
                            stream,
                            ts,
                            Math.max(ts, Math.min(ingestion, ts + 1000)),
                            unescape(line.substring(tab + 1))));
                }
            }
        }
    }

    private void writeLoop() {
        List<Append> batch = new ArrayList<>(256);
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, 4095);
                for (Append a : batch) {
                    if (a.done() == null) {
                        write(a);
                    }
                }
                for (BufferedWriter w : open.values()) {
                    w.flush();
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
            } catch (IOException e) {
                LOG.log(Level.WARNING, "writing logs failed", e);
                batch.forEach(a -> {
                    if (a.done() != null) {
                        a.done().run();
                    }
                });
                batch.clear();
            }
        }
    }

    private void write(Append a) throws IOException {
        String key = a.group() + "\n" + a.stream();
        BufferedWriter w = open.get(key);
        if (w == null) {
            if (open.size() > 256) {
                for (BufferedWriter old : open.values()) {
                    old.close();
                }
                open.clear();
            }
            Path dir = root.resolve(fileName(a.group()));
            Files.createDirectories(dir);
            w = Files.newBufferedWriter(
                    dir.resolve(fileName(a.stream()) + ".log"),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            open.put(key, w);
        }
        w.write(Long.toString(a.timestamp()));
        w.write('\t');
        w.write(escape(a.message()));
        w.write('\n');
    }

    /** A log group or stream name as a file name: safe characters kept, the rest percent-encoded. */
    static String fileName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", (int) c));
            }
        }
        return sb.toString();
    }

    static String streamName(String fileName) {
        String base = fileName.endsWith(".log") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return java.net.URLDecoder.decode(base.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String escape(String message) {
        if (message.indexOf('\\') < 0 && message.indexOf('\n') < 0 && message.indexOf('\r') < 0) {
            return message;
        }
        return message.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String unescape(String stored) {
        if (stored.indexOf('\\') < 0) {
            return stored;
        }
        StringBuilder sb = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '\\' && i + 1 < stored.length()) {
                char n = stored.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
        for (BufferedWriter w : open.values()) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing a log file", e);
            }
        }
    }
}
