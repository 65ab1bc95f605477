package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * The queue's promise under the worst stop there is: a node process killed with SIGKILL while
 * events are running and many more are queued loses none of them. The function reports to a
 * collector in this test when it starts and when it is done with each event, so what was delivered
 * is known from outside the node.
 */
class AsyncDurabilityIT {
    static final int EVENTS = 40;
    static final Pattern READY = Pattern.compile("Lamina node ready at (http://\\S+)");

    /** What the collector heard: "start"/"done" → event id → how many times. */
    final Map<String, Map<String, Integer>> heard = new ConcurrentHashMap<>();

    @Test
    void sigkillWithEventsQueuedAndRunningLosesNone() throws Exception {
        Path data = Files.createTempDirectory("lamina-durable-");
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        collector.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            heard.computeIfAbsent(parts[1], k -> new ConcurrentHashMap<>()).merge(parts[2], 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        collector.start();
        Process first = null;
        Process second = null;
        try {
            first = startNode(data, "first");
            try (LambdaClient lambda = client(endpoint(data, "first"))) {
                Functions.create(
                        lambda,
                        Functions.request("dur-slow", "python3.11", "app.handler", Functions.python("""
                                        import time, urllib.request
                                        def tell(event, what):
                                            url = "http://127.0.0.1:%d/%s/%s" % (event["collector"], what, event["id"])
                                            urllib.request.urlopen(urllib.request.Request(url, data=b""), timeout=10).read()
                                        def handler(event, context):
                                            tell(event, "start")
                                            time.sleep(1)
                                            tell(event, "done")
                                        """))
                                .timeout(30)
                                .build());
                lambda.putFunctionConcurrency(b -> b.functionName("dur-slow").reservedConcurrentExecutions(3));
                int port = collector.getAddress().getPort();
                for (int i = 0; i < EVENTS; i++) {
                    String event = "{\"id\": \"e" + i + "\", \"collector\": " + port + "}";
                    assertEquals(
                            202,
                            lambda.invoke(b -> b.functionName("dur-slow")
                                            .invocationType(InvocationType.EVENT)
                                            .payload(SdkBytes.fromUtf8String(event)))
                                    .statusCode());
                }
            }
            AsyncLogs.awaitTrue(
                    () -> ids("done").size() >= 4 && inFlight().size() >= 1,
                    Duration.ofSeconds(90),
                    "events did not start running");
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            Set<String> runningAtKill = inFlight();
            int doneAtKill = ids("done").size();
            assertTrue(EVENTS - ids("start").size() > 0, "some events were still queued when the node was killed");

            second = startNode(data, "second");
            try {
                AsyncLogs.awaitTrue(() -> ids("done").size() == EVENTS, Duration.ofSeconds(120), "delivery");
            } catch (AssertionError e) {
                throw new AssertionError("not every accepted event was delivered after the restart: missing "
                        + missing() + " (done before the kill: " + doneAtKill + ", running: " + runningAtKill
                        + "); the second node said:\n" + Files.readString(data.resolve("second.out")));
            }
            assertEquals(expected(), ids("done"));
        } finally {
            collector.stop(0);
            stop(first);
            stop(second);
            TestNode.deleteTree(data);
        }
    }

    private Set<String> ids(String what) {
        return new TreeSet<>(heard.getOrDefault(what, Map.of()).keySet());
    }

    private Set<String> inFlight() {
        Set<String> started = new HashSet<>(ids("start"));
        started.removeAll(ids("done"));
        return started;
    }

    private Set<String> expected() {
        Set<String> all = new TreeSet<>();
        IntStream.range(0, EVENTS).forEach(i -> all.add("e" + i));
        return all;
    }

    private List<String> missing() {
        Set<String> all = expected();
        all.removeAll(ids("done"));
        return List.copyOf(all);
    }

    /** Starts {@code lamina server} on {@code data} as a process of its own; its output goes to a file. */
    private static Process startNode(Path data, String name) throws Exception {
        Path out = data.resolve(name + ".out");
        // The functions report to a collector on the host's loopback: they share the host's network.
        Process p = CliIT.laminaProcess("server", "--port", "0", "--network", "host", "--data-dir", data.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        AsyncLogs.awaitTrue(() -> endpointOrNull(out) != null || !p.isAlive(), Duration.ofSeconds(60), name + " node");
        assertTrue(p.isAlive(), "the " + name + " node exited: " + Files.readString(out));
        return p;
    }

    private static URI endpoint(Path data, String name) {
        return URI.create(endpointOrNull(data.resolve(name + ".out")));
    }

    private static String endpointOrNull(Path out) {
        try {
            Matcher m = READY.matcher(Files.readString(out));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static LambdaClient client(URI endpoint) {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(TestNode.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Stops a node gracefully (SIGTERM: it shuts its functions down), by force if it hangs. */
    private static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}
