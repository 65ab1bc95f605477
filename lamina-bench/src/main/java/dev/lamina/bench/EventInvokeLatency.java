package dev.lamina.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * How long an {@code Event} invoke takes to be answered (202): what accepting an asynchronous
 * invocation costs the caller (requests signed once per connection, as the node checks them). The
 * function has reserved concurrency 0, so nothing runs while this
 * measures and the figure is the accept path alone (parse, resolve, enqueue). Sequential requests on
 * one kept-alive connection, then 16 connections at once.
 *
 * <p>Run: {@code lamina-bench/run-event-latency [requests]} (default 3000 per phase, after 1000 of
 * warm-up).
 */
public final class EventInvokeLatency {
    private static final byte[] EVENT = "{\"bench\":\"event\"}".getBytes(StandardCharsets.UTF_8);

    private EventInvokeLatency() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path root = Path.of(System.getProperty("lamina.root", ".")).toAbsolutePath();
        Path data = Files.createTempDirectory("lamina-event-bench-");
        try (NodeProcess node = NodeProcess.start(root, data, "", List.of(), 180)) {
            URI endpoint = node.endpoint();
            ControlPlane control = new ControlPlane(endpoint);
            BenchFunction fn = BenchFunction.python("python3.11");
            control.create("event-bench", fn.runtime(), fn.handler(), fn.zip("event-bench"), 128);
            control.reserveConcurrency("event-bench", 0);
            run(endpoint, 1, 1000);
            report("concurrency 1", run(endpoint, 1, requests));
            run(endpoint, 16, 1000);
            report("concurrency 16", run(endpoint, 16, requests));
        } finally {
            deleteTree(data);
        }
    }

    /** Sends {@code total} Event invokes over {@code workers} connections; every answer must be 202. */
    private static Result run(URI endpoint, int workers, int total) throws Exception {
        Histogram all = new Histogram(60_000_000_000L, 3);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            List<Future<Histogram>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int share = total / workers;
                parts.add(pool.submit(() -> worker(endpoint, share)));
            }
            for (Future<Histogram> part : parts) {
                all.add(part.get());
            }
        }
        return new Result(all, (System.nanoTime() - start) / 1e9);
    }

    private static Histogram worker(URI endpoint, int count) throws IOException {
        Histogram h = new Histogram(60_000_000_000L, 3);
        try (HttpConnection c = new HttpConnection(endpoint.getHost(), endpoint.getPort())) {
            String path = "/2015-03-31/functions/event-bench/invocations";
            Map<String, String> headers = Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "Event");
            byte[] request =
                    c.post(path, EVENT, Signing.sign("POST", endpoint.resolve(path), EVENT, headers, "lambda"));
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                HttpConnection.Response r = c.exchange(request);
                h.recordValue(System.nanoTime() - t0);
                if (r.status() != 202) {
                    throw new IOException("Event invoke answered " + r.status() + ": " + r.bodyText());
                }
            }
        }
        return h;
    }

    private record Result(Histogram latency, double seconds) {}

    private static void report(String label, Result r) {
        Histogram h = r.latency();
        System.out.printf(
                Locale.ROOT,
                "Event invoke, %s: %d requests, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms, %.0f/s%n",
                label,
                h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6,
                h.getTotalCount() / r.seconds());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
