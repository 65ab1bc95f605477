package dev.lamina.lambda.environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries one invocation's streamed response from the runtime's {@code POST .../response} to its
 * caller, chunk by chunk, as the chunks arrive. A caller that went away stops receiving but does
 * not stop the function (its stream is read to the end, as on Lambda). Once the invocation is over
 * for the caller (its result is in, or it timed out), {@link #seal} makes sure nothing more reaches
 * it, so the caller may write its own ending.
 *
 * <p>Threads: {@link #relay} runs on the Runtime API's thread; {@link #seal} on the caller's.
 */
public final class StreamRelay {
    /** Lambda's limit for a streamed response. */
    public static final long MAX_BYTES = 200L * 1024 * 1024;

    private final ResponseSink sink;
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;
    private boolean sealed;
    private boolean callerGone;

    StreamRelay(ResponseSink sink) {
        this.sink = sink;
    }

    ResponseSink sink() {
        return sink;
    }

    /**
     * Relays {@code body} until it ends.
     *
     * @return {@code false} when the runtime sent more than {@link #MAX_BYTES} (the rest is not read)
     * @throws IOException when the runtime's stream broke off before its end
     */
    boolean relay(String contentType, InputStream body) throws IOException {
        open(contentType);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) >= 0) {
            total += n;
            if (total > MAX_BYTES) {
                return false;
            }
            if (n > 0) {
                write(buffer, n);
            }
        }
        return true;
    }

    private void open(String contentType) {
        lock.lock();
        try {
            if (!sealed) {
                out = sink.open(contentType);
            }
        } catch (IOException | RuntimeException e) {
            callerGone = true;
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] buffer, int length) {
        lock.lock();
        try {
            if (sealed || callerGone || out == null) {
                return;
            }
            out.write(buffer, 0, length);
            out.flush();
        } catch (IOException e) {
            callerGone = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops relaying; waits for a write in progress to finish. */
    void seal() {
        lock.lock();
        try {
            sealed = true;
        } finally {
            lock.unlock();
        }
    }
}
