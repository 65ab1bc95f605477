package dev.lamina.lambda.environment;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * An environment's output: a FIFO that the runtime's stdout and stderr write into and that the node
 * also writes platform lines into. Because the node's own writes travel through the same pipe, they
 * come out in order with the runtime's: everything a runtime printed before it posted a response is
 * read before the END and REPORT lines that the node writes after it. A platform line is prefixed
 * with a random token the function cannot know, so function output can never pass for one.
 *
 * <p>One reader thread per pipe splits the bytes into lines and calls the sink. Long lines are cut at
 * 256 KiB, Lambda's largest log event.
 */
final class LogPipe implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogPipe.class.getName());
    private static final int MAX_EVENT = 256 * 1024;

    /** Receives each line: {@code platform} is true for lines the node wrote. Called on the reader thread. */
    interface Sink {
        void line(String line, boolean platform);
    }

    private final Path path;
    private final RandomAccessFile fifo;
    private final byte[] token;
    private final String tokenText;
    private final Thread reader;
    private final Sink sink;
    private volatile boolean closing;

    /** @param random makes the token that marks the node's own lines (the runtime cannot guess it) */
    LogPipe(Path path, Sink sink, RandomGenerator random) throws IOException {
        this.path = path;
        this.sink = sink;
        Fifo.create(path);
        // Opening read-write never blocks on a FIFO, and keeps the pipe open when the runtime exits.
        this.fifo = new RandomAccessFile(path.toFile(), "rw");
        byte[] secret = new byte[12];
        random.nextBytes(secret);
        this.tokenText = "\u001eLAMINA-" + HexFormat.of().formatHex(secret) + " ";
        this.token = tokenText.getBytes(StandardCharsets.UTF_8);
        // A platform thread: a virtual one blocked in a file read would pin a carrier.
        this.reader = Thread.ofPlatform()
                .daemon()
                .stackSize(256 * 1024)
                .name("log-" + path.getFileName())
                .start(this::readLoop);
    }

    /** Where the runtime's stdout and stderr go; unlinked once the runtime has it open. */
    Path path() {
        return path;
    }

    void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(Level.FINE, "unlink " + path, e);
        }
    }

    /** Writes platform lines into the pipe, behind everything the runtime wrote so far. */
    void platform(String... lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append('\n').append(tokenText).append(line).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (fifo) {
                fifo.write(bytes);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "writing platform lines to " + path, e);
        }
    }

    private void readLoop() {
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[8192];
        int len = 0;
        try {
            while (true) {
                int n = fifo.read(buf);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (emit(line, len)) {
                            return;
                        }
                        len = 0;
                    } else if (len < MAX_EVENT) {
                        if (len == line.length) {
                            line = java.util.Arrays.copyOf(line, Math.min(MAX_EVENT, line.length * 2));
                        }
                        line[len++] = b;
                    }
                }
            }
        } catch (IOException e) {
            if (!closing) {
                LOG.log(Level.WARNING, "reading " + path, e);
            }
        }
    }

    /** Hands one line to the sink; returns true on the closing marker. */
    private boolean emit(byte[] line, int len) {
        int at = indexOf(line, len, token);
        if (at < 0) {
            if (len > 0) {
                sink.line(new String(line, 0, len, StandardCharsets.UTF_8), false);
            }
            return false;
        }
        if (at > 0) {
            sink.line(new String(line, 0, at, StandardCharsets.UTF_8), false);
        }
        String platform = new String(line, at + token.length, len - at - token.length, StandardCharsets.UTF_8);
        if (platform.equals("CLOSE")) {
            return true;
        }
        sink.line(platform, true);
        return false;
    }

    private static int indexOf(byte[] data, int len, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= len; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Reads what is left, then stops the reader and closes the pipe. */
    @Override
    public void close() {
        platform("CLOSE");
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closing = true;
        try {
            fifo.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + path, e);
        }
        unlink();
    }
}
