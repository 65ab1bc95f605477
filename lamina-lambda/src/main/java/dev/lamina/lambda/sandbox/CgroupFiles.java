package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing cgroup control files. */
final class CgroupFiles {
    private CgroupFiles() {}

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value, StandardCharsets.US_ASCII);
    }

    static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            write(file, value);
        }
    }

    static long readLong(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The value of {@code key} in a flat-keyed file such as {@code memory.events}, or 0. */
    static long keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + " ")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    static List<Long> pids(Path procs) {
        List<Long> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    out.add(Long.parseLong(line.trim()));
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Removes a cgroup directory, retrying while its last processes are still leaving (EBUSY). */
    static void remove(Path dir) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A control file read or written on every invocation, opened once on first use and kept open:
     * reads and writes are then one system call each. Thread-safe.
     */
    static final class Kept implements AutoCloseable {
        private final Path file;
        private FileChannel channel;
        private boolean closed;

        Kept(Path file) {
            this.file = file;
        }

        private synchronized FileChannel channel() throws IOException {
            if (closed) {
                throw new IOException(file + " is closed");
            }
            if (channel == null) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (AccessDeniedException e) {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                }
            }
            return channel;
        }

        /** The file's number, or -1 when it is missing or unreadable. */
        long readLong() {
            try {
                ByteBuffer buf = ByteBuffer.allocate(32);
                FileChannel ch = channel();
                int n = ch.read(buf, 0);
                String text = new String(buf.array(), 0, Math.max(0, n), StandardCharsets.US_ASCII).trim();
                return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }

        void write(String value) throws IOException {
            channel().write(ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII)), 0);
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing was written through it that could be lost
                }
                channel = null;
            }
        }
    }
}
