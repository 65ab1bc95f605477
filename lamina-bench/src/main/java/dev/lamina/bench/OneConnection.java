package dev.lamina.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency at one connection, timed by the benchmark's own client instead of wrk's: one kept-alive
 * connection ({@link HttpConnection}: one {@code write} per request, a blocking read of the answer),
 * one request at a time, each timed from before its write to after its last byte is read, into an
 * HdrHistogram, after half a second of untimed requests. It works as the minimal blocking C client
 * did that showed wrk's own event loop inside wrk's times (docs/benchmarks.md, "Saturation that
 * holds; latency by a client that is not in the way"): against a bare Node.js HTTP server that
 * client measured p99 0.14–0.15 ms where wrk said 0.32 ms. A closed loop, like wrk: a stall delays
 * the next request instead of being counted again.
 */
final class OneConnection {
    private static final long HIGHEST_NANOS = 60_000_000_000L;
    private static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Connection failures in a row after which the run gives up. */
    private static final int FAILURES = 10;

    private OneConnection() {}

    /**
     * Sends requests to {@code target} back to back for {@code seconds}. An answer other than 200, one
     * with a function error and one whose body is not {@code {"ok":true}} are counted, as does a failed connection (which is opened again
     * and its request not timed); a connection the system closes is opened again.
     */
    static LoadRun run(Target target, double seconds) throws IOException {
        Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        long errors = 0;
        long badBodies = 0;
        long functionErrors = 0;
        int failures = 0;
        HttpConnection c = connect(target);
        byte[] request =
                c.post(target.pathAndQuery(), Target.EVENT, target.headers().get());
        try {
            long warmEnd = System.nanoTime() + WARM_UP_NANOS;
            while (System.nanoTime() - warmEnd < 0) {
                Probe.check(target, c.exchange(request));
                if (c.isClosed()) {
                    c = connect(target);
                }
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long now = start;
            while (now - end < 0) {
                try {
                    HttpConnection.Response r = c.exchange(request);
                    long done = System.nanoTime();
                    latency.recordValue(Math.min(done - now, HIGHEST_NANOS));
                    if (r.status() != 200) {
                        errors++;
                    } else if (r.functionError() != null) {
                        functionErrors++;
                    } else if (!Probe.expectedBody(r)) {
                        badBodies++;
                    }
                    failures = 0;
                    now = done;
                } catch (IOException e) {
                    errors++;
                    if (++failures == FAILURES) {
                        throw e;
                    }
                    c.close();
                }
                if (c.isClosed()) {
                    c = connect(target);
                    now = System.nanoTime();
                }
            }
            return new LoadRun(
                    latency.getTotalCount(),
                    (now - start) / 1e9,
                    errors,
                    badBodies,
                    functionErrors,
                    latency.getValueAtPercentile(50) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6,
                    latency.getValueAtPercentile(99.9) / 1e6,
                    latency.getMaxValue() / 1e6);
        } finally {
            c.close();
        }
    }

    private static HttpConnection connect(Target target) throws IOException {
        return new HttpConnection(target.address().getHost(), target.address().getPort());
    }
}
