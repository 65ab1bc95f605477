package dev.lamina.lambda.environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One environment's log stream: what its runtime writes and the platform lines the environment adds
 * go through one {@link LogPipe} into the function's log group, and the lines of each invocation
 * (START to REPORT) are kept for callers who asked for the tail.
 *
 * <p>Threads: {@link #onLine} runs on the pipe's reader thread and owns the capture buffer; the other
 * methods are called by the environment from any thread.
 */
final class EnvironmentLog implements AutoCloseable {
    private static final DateTimeFormatter STREAM_DATE =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final int TAIL_BYTES = 4096;

    private final EnvironmentContext ctx;
    private volatile String group;
    private volatile String stream;
    private final LogPipe pipe;
    /** Tails asked for, by request id; completed when the reader reaches that REPORT. */
    private final Map<String, CompletableFuture<byte[]>> tails = new ConcurrentHashMap<>();
    /** Reader-owned. Capture starts with the process, so a cold start's tail includes init output. */
    private StringBuilder capture = new StringBuilder(512);

    /** @param group the function's log group: {@code /aws/lambda/<name>} unless its LoggingConfig names one */
    EnvironmentLog(EnvironmentContext ctx, String group, String version, String environmentId) throws IOException {
        this.ctx = ctx;
        this.group = group;
        this.stream = STREAM_DATE.format(ctx.clock().instant()) + "/[" + version + "]" + environmentId;
        this.pipe = new LogPipe(ctx.runDir().resolve("env-" + environmentId + ".out"), this::onLine, ctx.random());
    }

    /** Names the stream after the function that a sandbox started ahead of demand now serves. */
    void assign(String group, String version, String environmentId) {
        this.group = group;
        this.stream = STREAM_DATE.format(ctx.clock().instant()) + "/[" + version + "]" + environmentId;
    }

    String group() {
        return group;
    }

    String stream() {
        return stream;
    }

    /** Where the runtime's stdout and stderr go. */
    Path pipePath() {
        return pipe.path();
    }

    /** Removes the pipe's name once the runtime has it open. */
    void unlink() {
        pipe.unlink();
    }

    /** Writes platform lines behind everything the runtime printed so far. */
    void platform(String... lines) {
        pipe.platform(lines);
    }

    /** Starts keeping the lines of invocation {@code requestId} for its caller. */
    CompletableFuture<byte[]> expectTail(String requestId) {
        CompletableFuture<byte[]> tail = new CompletableFuture<>();
        tails.put(requestId, tail);
        return tail;
    }

    void forget(String requestId) {
        tails.remove(requestId);
    }

    /**
     * The last 4096 bytes (UTF-8) of the invocation's lines, once its REPORT is read; empty after
     * {@code millis}. Cut by bytes as Lambda cuts it, so the first character may be a partial one.
     */
    static byte[] await(CompletableFuture<byte[]> tail, long millis) throws InterruptedException {
        try {
            return tail.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }

    /**
     * Platform lines that mark an invocation's start and end for the tail but are not kept: those a
     * function's SystemLogLevel drops.
     */
    void unkeptPlatform(String... lines) {
        String[] marked = new String[lines.length];
        for (int i = 0; i < lines.length; i++) {
            marked[i] = UNKEPT + lines[i];
        }
        pipe.platform(marked);
    }

    /** Begins a platform line written by {@link #unkeptPlatform}; no line a runtime prints is a platform line. */
    private static final char UNKEPT = '\u0001';

    private void onLine(String text, boolean platform) {
        boolean kept = !(platform && !text.isEmpty() && text.charAt(0) == UNKEPT);
        String line = kept ? text : text.substring(1);
        if (kept) {
            ctx.logs().append(group, stream, ctx.clock().millis(), line);
        }
        if (platform && capture == null && PlatformLines.isStart(line)) {
            capture = new StringBuilder(512);
        }
        if (capture != null && kept) {
            capture.append(line).append('\n');
            if (capture.length() > 64 * 1024) {
                capture.delete(0, capture.length() - 8 * 1024);
            }
        }
        String reported = platform ? PlatformLines.reportedRequestId(line) : null;
        if (reported != null) {
            String tail = capture != null ? capture.toString() : kept ? line + "\n" : "";
            capture = null;
            CompletableFuture<byte[]> waiting = tails.get(reported);
            if (waiting != null) {
                waiting.complete(lastBytes(tail, TAIL_BYTES));
            }
        }
    }

    /** Bytes, not characters: decoding a cut made mid-character would grow it past {@code max}. */
    private static byte[] lastBytes(String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= max ? bytes : Arrays.copyOfRange(bytes, bytes.length - max, bytes.length);
    }

    /** Reads what is left in the pipe, then closes it. */
    @Override
    public void close() {
        pipe.close();
    }
}
