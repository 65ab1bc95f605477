package dev.lamina.logs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The file a log stream is being written to, and roughly how many bytes it holds (characters
 * counted as bytes: the seal point need not be exact). Used only by the log writer, under its lock.
 */
final class Segment {
    private static final Logger LOG = Logger.getLogger(Segment.class.getName());

    private final Path path;
    private final BufferedWriter writer;
    private long bytes;

    private Segment(Path path, BufferedWriter writer, long bytes) {
        this.path = path;
        this.writer = writer;
        this.bytes = bytes;
    }

    /** Opens a stream's file for appending, creating it if needed. */
    static Segment open(Path path) throws IOException {
        BufferedWriter w = Files.newBufferedWriter(
                path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long size = Files.size(path);
        if (size > 0 && !endsWithNewline(path, size)) {
            // The disk filled mid-line last time: end the cut line so the next event starts its own.
            w.write('\n');
        }
        return new Segment(path, w, size);
    }

    private static boolean endsWithNewline(Path path, long size) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(path)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            in.position(size - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /** Appends one event's line. */
    void write(long timestamp, String escapedMessage) throws IOException {
        String ts = Long.toString(timestamp);
        writer.write(ts);
        writer.write('\t');
        writer.write(escapedMessage);
        writer.write('\n');
        bytes += ts.length() + escapedMessage.length() + 2;
    }

    Path path() {
        return path;
    }

    BufferedWriter writer() {
        return writer;
    }

    long bytes() {
        return bytes;
    }

    /** Closes the file; what its buffer held is lost if the disk refuses it. */
    void closeQuietly() {
        try {
            writer.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a log file", e);
        }
    }
}
