package dev.lamina.s3;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An object's bytes, open for reading: they stay readable until closed, even if the object is
 * replaced or deleted meanwhile (its file is unlinked, not changed; content kept in the database was
 * read whole when opened). Read by one thread.
 */
public final class ObjectContent implements Closeable {
    private static final int PIECE = 64 * 1024;

    /** Positional reads of the bytes: a file's, or an array's. */
    private interface Source extends Closeable {
        /** Reads into {@code into} from {@code position}; -1 at the end. */
        int read(ByteBuffer into, long position) throws IOException;
    }

    private final Source file;

    private ObjectContent(Source file) {
        this.file = file;
    }

    /** The content of a blob's file, open. */
    static ObjectContent of(FileChannel file) {
        return new ObjectContent(new Source() {
            @Override
            public int read(ByteBuffer into, long position) throws IOException {
                return file.read(into, position);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        });
    }

    /** Content held in memory (small content kept in the database). */
    static ObjectContent of(byte[] bytes) {
        return new ObjectContent(new Source() {
            @Override
            public int read(ByteBuffer into, long position) {
                if (position >= bytes.length) {
                    return -1;
                }
                int n = (int) Math.min(into.remaining(), bytes.length - position);
                into.put(bytes, (int) position, n);
                return n;
            }

            @Override
            public void close() {}
        });
    }

    /** {@code length} bytes from {@code from}, whole in memory: for small reads only. */
    public byte[] read(long from, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, from + buffer.position()) < 0) {
                throw shorter();
            }
        }
        return buffer.array();
    }

    /**
     * Writes {@code length} bytes from {@code from} to {@code out} a piece at a time, flushing each:
     * memory stays at one piece however large the object.
     */
    public void writeTo(long from, long length, OutputStream out) throws IOException {
        byte[] piece = new byte[PIECE];
        ByteBuffer buffer = ByteBuffer.wrap(piece);
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(PIECE, length - done));
            int n = file.read(buffer, from + done);
            if (n < 0) {
                throw shorter();
            }
            out.write(piece, 0, n);
            out.flush();
            done += n;
        }
    }

    /** {@code length} bytes from {@code from} as a stream (UploadPartCopy's source); closing it closes this. */
    public InputStream stream(long from, long length) {
        return new InputStream() {
            private long at = from;
            private final long end = from + length;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (at >= end) {
                    return -1;
                }
                int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
                if (n < 0) {
                    throw shorter();
                }
                at += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                ObjectContent.this.close();
            }
        };
    }

    private static IOException shorter() {
        return new IOException("an object's file is shorter than its row says");
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
