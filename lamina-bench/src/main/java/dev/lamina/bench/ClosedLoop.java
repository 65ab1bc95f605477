package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: {@code concurrency} workers, each with its own kept-alive connection, each
 * sending the next Invoke as soon as the previous one answered, for a fixed time. Latency is the
 * time from writing the request to reading the whole response, in nanoseconds.
 *
 * <p>Coordinated omission: a closed loop sends less when the node slows down, so a stall delays
 * the requests that would have been sent during it instead of showing up in their latency. The
 * percentiles are those of the requests actually sent (service time at this concurrency), not of a
 * fixed arrival rate; the p99.9 of an open-loop test at the same throughput would be higher.
 */
final class ClosedLoop {
    static final long HIGHEST_NANOS = 120_000_000_000L;
    private static final byte[] EVENT = "{\"bench\":true}".getBytes(StandardCharsets.UTF_8);

    /** How long a signed request is sent again: 10 minutes, well inside the 15 the node allows. */
    private static final long SIGNATURE_LIFETIME_NANOS = 600_000_000_000L;

    /** One sample: which invocation it was (the node's request id) and how long it took. */
    record Sample(String requestId, long nanos) {}

    /**
     * What one run saw.
     *
     * @param samples every request's id and latency, when asked for (else empty)
     */
    record Result(Histogram latency, long requests, long errors, double seconds, List<Sample> samples) {
        double throughput() {
            return requests / seconds;
        }
    }

    private ClosedLoop() {}

    /**
     * Runs the load for {@code seconds}; each worker also goes on until it has completed
     * {@code minPerWorker} requests (so a warm-up covers every worker's first, cold, request).
     */
    static Result run(
            URI endpoint, String function, int concurrency, double seconds, int minPerWorker, boolean keepSamples)
            throws IOException, InterruptedException {
        return run(endpoint, function, concurrency, seconds, minPerWorker, keepSamples, 0);
    }

    /**
     * As {@link #run(URI, String, int, double, int, boolean)}, with each worker pausing
     * {@code pauseNanos} after every response: sporadic traffic, where every thread on the invoke
     * path has gone idle before the next request arrives.
     */
    static Result run(
            URI endpoint,
            String function,
            int concurrency,
            double seconds,
            int minPerWorker,
            boolean keepSamples,
            long pauseNanos)
            throws IOException, InterruptedException {
        List<HttpConnection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                connections.add(new HttpConnection(endpoint.getHost(), endpoint.getPort()));
            }
            Histogram[] histograms = new Histogram[concurrency];
            long[] errors = new long[concurrency];
            long[] lastEnd = new long[concurrency];
            List<List<Sample>> samples = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            long[] startNanos = new long[1];
            for (int w = 0; w < concurrency; w++) {
                int id = w;
                histograms[w] = new Histogram(HIGHEST_NANOS, 3);
                List<Sample> mine = new ArrayList<>(keepSamples ? 1 << 16 : 0);
                samples.add(mine);
                HttpConnection connection = connections.get(w);
                workers.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                    try {
                        byte[] request = signedInvoke(connection, endpoint, function);
                        long signedAt = System.nanoTime();
                        start.await();
                        long deadline = startNanos[0] + (long) (seconds * 1e9);
                        long done = 0;
                        long now = System.nanoTime();
                        while (now < deadline || done < minPerWorker) {
                            if (now - signedAt > SIGNATURE_LIFETIME_NANOS) {
                                request = signedInvoke(connection, endpoint, function); // not timed
                                signedAt = System.nanoTime();
                            }
                            long t0 = System.nanoTime();
                            HttpConnection.Response response = connection.exchange(request);
                            now = System.nanoTime();
                            long nanos = now - t0;
                            done++;
                            if (response.status() != 200 || response.functionError() != null) {
                                if (errors[id]++ == 0) {
                                    System.err.println("  ! " + function + " answered " + response.status() + " "
                                            + response.functionError() + ": " + response.bodyText());
                                }
                                continue;
                            }
                            histograms[id].recordValue(Math.min(nanos, HIGHEST_NANOS));
                            if (keepSamples) {
                                mine.add(new Sample(response.requestId(), nanos));
                            }
                            if (pauseNanos > 0) {
                                LockSupport.parkNanos(pauseNanos);
                                now = System.nanoTime();
                            }
                        }
                        lastEnd[id] = now;
                    } catch (IOException | RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            startNanos[0] = System.nanoTime();
            start.countDown();
            for (Thread t : workers) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IOException("A load worker failed: " + failure.get(), failure.get());
            }
            Histogram all = new Histogram(HIGHEST_NANOS, 3);
            long errorCount = 0;
            long end = startNanos[0];
            List<Sample> allSamples = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                all.add(histograms[w]);
                errorCount += errors[w];
                end = Math.max(end, lastEnd[w]);
                allSamples.addAll(samples.get(w));
            }
            return new Result(all, all.getTotalCount(), errorCount, (end - startNanos[0]) / 1e9, allSamples);
        } finally {
            for (HttpConnection c : connections) {
                c.close();
            }
        }
    }

    /** One Invoke on a new connection (opened before the clock starts); returns the latency and id. */
    static Sample once(URI endpoint, String function) throws IOException {
        try (HttpConnection connection = new HttpConnection(endpoint.getHost(), endpoint.getPort())) {
            byte[] request = signedInvoke(connection, endpoint, function);
            long t0 = System.nanoTime();
            HttpConnection.Response response = connection.exchange(request);
            long nanos = System.nanoTime() - t0;
            if (response.status() != 200 || response.functionError() != null) {
                throw new IOException(function + " answered " + response.status() + " " + response.functionError()
                        + ": " + response.bodyText());
            }
            return new Sample(response.requestId(), nanos);
        }
    }

    /** An Invoke of {@code function}, signed now as the SDKs sign it (the node checks every request). */
    private static byte[] signedInvoke(HttpConnection connection, URI endpoint, String function) {
        String path = "/2015-03-31/functions/" + function + "/invocations";
        return connection.post(
                path,
                EVENT,
                Signing.sign(
                        "POST", endpoint.resolve(path), EVENT, Map.of("Content-Type", "application/json"), "lambda"));
    }
}
