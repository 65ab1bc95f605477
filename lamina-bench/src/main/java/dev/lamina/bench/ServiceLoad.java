package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * A closed loop of service requests (S3, SQS, DynamoDB, Kinesis) over {@code connections} kept-alive
 * connections, each worker sending its next request as soon as the previous one was answered, for a
 * fixed time. Every request is signed as it is sent (SigV4, as the SDKs sign), every answer checked
 * by its {@link Operation}: a wrong answer, a broken connection or a time-out is an error, counted and
 * not timed; the worker then opens a new connection and goes on.
 */
final class ServiceLoad {
    /** One kind of request. Called from the workers' threads: worker {@code w} only ever passes its own index. */
    interface Operation {
        /** The bytes of worker {@code worker}'s next request, signed now. */
        byte[] next(HttpConnection connection, int worker);

        /** Whether {@code response} is the right answer to worker {@code worker}'s last request. */
        boolean accept(int worker, HttpConnection.Response response);
    }

    /**
     * What one run saw.
     *
     * @param ok right answers (what the rate counts)
     * @param errors wrong answers, broken connections and time-outs
     * @param firstError what the first error was, or empty
     */
    record Result(long ok, long errors, double seconds, Histogram latency, String firstError) {
        double rate() {
            return ok / seconds;
        }

        double p50Ms() {
            return latency.getValueAtPercentile(50) / 1e6;
        }

        double p99Ms() {
            return latency.getValueAtPercentile(99) / 1e6;
        }
    }

    private ServiceLoad() {}

    static Result run(URI endpoint, Operation operation, int connections, double seconds)
            throws IOException, InterruptedException {
        Histogram[] histograms = new Histogram[connections];
        long[] errors = new long[connections];
        AtomicReference<String> firstError = new AtomicReference<>("");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            int id = w;
            histograms[w] = new Histogram(ClosedLoop.HIGHEST_NANOS, 3);
            workers.add(Thread.ofPlatform().name("service-load-" + w).start(() -> {
                HttpConnection connection = null;
                try {
                    connection = connect(endpoint);
                    start.await();
                    long deadline = window[0] + (long) (seconds * 1e9);
                    while (System.nanoTime() < deadline) {
                        if (connection.isClosed()) {
                            connection = connect(endpoint);
                        }
                        byte[] request = operation.next(connection, id);
                        long t0 = System.nanoTime();
                        try {
                            HttpConnection.Response response = connection.exchange(request);
                            long nanos = System.nanoTime() - t0;
                            if (operation.accept(id, response)) {
                                histograms[id].recordValue(Math.min(nanos, ClosedLoop.HIGHEST_NANOS));
                            } else {
                                errors[id]++;
                                firstError.compareAndSet(
                                        "", "status " + response.status() + ": " + abbreviate(response.bodyText()));
                            }
                        } catch (IOException e) {
                            errors[id]++;
                            firstError.compareAndSet("", e.toString());
                            connection.close();
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    closeQuietly(connection);
                }
            }));
        }
        window[0] = System.nanoTime();
        start.countDown();
        for (Thread t : workers) {
            t.join();
        }
        window[1] = System.nanoTime();
        if (failure.get() != null) {
            throw new IOException("A load worker failed: " + failure.get(), failure.get());
        }
        Histogram all = new Histogram(ClosedLoop.HIGHEST_NANOS, 3);
        long errorCount = 0;
        for (int w = 0; w < connections; w++) {
            all.add(histograms[w]);
            errorCount += errors[w];
        }
        return new Result(all.getTotalCount(), errorCount, (window[1] - window[0]) / 1e9, all, firstError.get());
    }

    private static HttpConnection connect(URI endpoint) throws IOException {
        return new HttpConnection(endpoint.getHost(), endpoint.getPort());
    }

    private static void closeQuietly(HttpConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
