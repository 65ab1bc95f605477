package dev.lamina.edge;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body of a request whose route streams it, as it arrives: the connection's event loop
 * {@link #offer}s each piece Netty decodes, the route's thread reads. At most about
 * {@link #HIGH_WATER} bytes wait here: past that the connection stops reading from its socket until
 * the reader has taken the buffer below {@link #LOW_WATER}, so a 5 GB upload holds no more than that
 * in memory, and a slow disk slows the client rather than filling the heap.
 *
 * <p>A client that sent {@code Expect: 100-continue} gets its {@code 100 Continue} at the first read:
 * a request refused before its body is read (a bad signature, a missing bucket) never makes the
 * client send the body. Thread-safety: {@link #offer}, {@link #end}, {@link #fail} and
 * {@link #discardRest} on the loop; reads on one other thread.
 */
final class RequestBody extends InputStream {
    static final int HIGH_WATER = 1024 * 1024;
    static final int LOW_WATER = 256 * 1024;

    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();
    private byte[] current;
    private int position;
    private long buffered;
    private boolean ended;
    private boolean discarding;
    private IOException failure;
    /** Whether the 100 Continue is still owed: set once, then cleared by the first read. */
    private volatile boolean continueOwed;
    /** Whether reading from the socket is paused for this body; touched on the loop only. */
    private boolean paused;

    RequestBody(Channel channel, boolean expectsContinue) {
        this.channel = channel;
        this.continueOwed = expectsContinue;
    }

    /** Adds a piece of the body (the caller keeps and releases {@code content}). On the loop. */
    void offer(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        byte[] piece = new byte[n];
        content.readBytes(piece);
        lock.lock();
        try {
            if (discarding) {
                return;
            }
            pieces.add(piece);
            buffered += n;
            if (buffered > HIGH_WATER && !paused) {
                paused = true;
                channel.config().setAutoRead(false);
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body has arrived whole. On the loop. */
    void end() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection closed (or failed) before the body ended: a read then throws. On the loop. */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (!ended) {
                failure = cause;
                arrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the whole body has arrived. */
    boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client still waits for a {@code 100 Continue} before it sends the body. */
    boolean continueOwed() {
        return continueOwed;
    }

    /**
     * The answer went out before the body was read: what is still to come is dropped as it arrives,
     * and the socket is read again, so that the connection reaches its next request. On the loop.
     */
    void discardRest() {
        lock.lock();
        try {
            discarding = true;
            pieces.clear();
            current = null;
            buffered = 0;
        } finally {
            lock.unlock();
        }
        resume();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        sendContinue();
        int n;
        boolean drained;
        lock.lock();
        try {
            while (current == null) {
                current = pieces.poll();
                position = 0;
                if (current != null) {
                    break;
                }
                if (failure != null) {
                    throw failure;
                }
                if (ended) {
                    return -1;
                }
                try {
                    arrived.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the request body");
                }
            }
            n = Math.min(len, current.length - position);
            System.arraycopy(current, position, into, off, n);
            position += n;
            if (position == current.length) {
                current = null;
            }
            buffered -= n;
            drained = buffered < LOW_WATER;
        } finally {
            lock.unlock();
        }
        if (drained) {
            channel.eventLoop().execute(this::resume);
        }
        return n;
    }

    private void sendContinue() {
        if (continueOwed) {
            continueOwed = false;
            channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
    }

    /** Reads from the socket again if this body paused it. On the loop. */
    private void resume() {
        if (paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
