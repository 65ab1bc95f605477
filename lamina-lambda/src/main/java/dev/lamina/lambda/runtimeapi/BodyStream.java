package dev.lamina.lambda.runtimeapi;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A request body that arrives on the event loop, read as a stream by another thread. The loop stops
 * reading from the connection while more than {@link #HIGH} chunks wait, and reads again once the
 * reader has brought them down to {@link #LOW}. Reading is switched off and on only on the loop:
 * {@link #paused} is written there alone, and checked again after each change, so neither side can
 * miss the other's last move.
 */
final class BodyStream extends InputStream {
    private static final int HIGH = 32;
    private static final int LOW = 8;
    private static final byte[] END = new byte[0];
    private static final byte[] BROKEN = new byte[0];

    private final Channel channel;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private volatile boolean paused;
    private byte[] current = new byte[0];
    private int at;
    private boolean finished;

    BodyStream(Channel channel) {
        this.channel = channel;
    }

    /** On the event loop: a chunk of the body. */
    void offer(ByteBuf data) {
        if (!data.isReadable()) {
            return;
        }
        byte[] bytes = new byte[data.readableBytes()];
        data.readBytes(bytes);
        chunks.add(bytes);
        if (chunks.size() > HIGH && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
            // the reader may have drained the queue before it could see the pause
            resumeIfDrained();
        }
    }

    /** On the event loop: reads from the connection again once the reader caught up. */
    private void resumeIfDrained() {
        if (paused && chunks.size() <= LOW) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    /** On the event loop: the body ended. */
    void end() {
        chunks.add(END);
    }

    /** The connection closed before the body ended. */
    void fail() {
        chunks.add(BROKEN);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (at == current.length) {
            if (finished) {
                return -1;
            }
            byte[] next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (paused && chunks.size() <= LOW) {
                channel.eventLoop().execute(this::resumeIfDrained);
            }
            if (next == END) {
                finished = true;
                return -1;
            }
            if (next == BROKEN) {
                finished = true;
                throw new IOException("the runtime closed the connection before its response ended");
            }
            current = next;
            at = 0;
        }
        int n = Math.min(len, current.length - at);
        System.arraycopy(current, at, b, off, n);
        at += n;
        return n;
    }
}
