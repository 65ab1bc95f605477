package dev.lamina.s3;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An object's bytes, open for reading: they stay readable until closed, even if the object is
 * replaced or deleted meanwhile (its file is unlinked, not changed). Read by one thread.
 */
public final class ObjectContent implements Closeable {
    private static final int PIECE = 64 * 1024;

    private final FileChannel file;

    ObjectContent(FileChannel file) {
        this.file = file;
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
