package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Every {@code lamina server} flag given on a real command line, each with an effect seen from
 * outside: one node started with all of them, then one on the same data directory with none but
 * {@code --port 0} and {@code --data-dir}, whose answers differ where each flag said they would.
 */
class ServerFlagsIT {
    static final String PYTHON = "/usr/bin/python3.11";

    @Test
    void eachFlagHasItsEffect() throws Exception {
        Path data = Files.createTempDirectory("lamina-flags-");
        String marker = HostProcesses.newMarker();
        int port = freePort();
        try {
            try (NodeProcess node = NodeProcess.start(
                    data.resolve("flagged.out"),
                    "--host",
                    "127.0.0.2",
                    "--port",
                    String.valueOf(port),
                    "--data-dir",
                    data.toString(),
                    "--idle-timeout",
                    "2",
                    "--concurrency",
                    "1",
                    "--runtime",
                    "python3.12=" + PYTHON,
                    "--no-sandbox",
                    "--no-auth")) {
                // --host and --port: it listens there and only there
                assertEquals(URI.create("http://127.0.0.2:" + port), node.endpoint());
                assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
                String health = node.health();
                // --no-sandbox; --runtime: python3.12 runs on the interpreter given
                assertTrue(health.contains("\"isolation\":\"unisolated\""), health);
                assertTrue(health.contains("\"python3.12\""), health);
                // --no-auth: an unsigned request is served, and the node said so
                assertEquals(200, unsigned(node.endpoint()));
                assertTrue(node.output().contains("authentication is off (--no-auth)"), node.output());
                try (LambdaClient lambda = node.lambda()) {
                    Functions.create(
                            lambda,
                            Functions.request(
                                            "flags-fn",
                                            "python3.12",
                                            "app.handler",
                                            Functions.python(HostProcesses.PYTHON_MARK + """
                                            import sys, time
                                            def handler(event, context):
                                                time.sleep(event.get("sleep", 0))
                                                return list(sys.version_info[:2])
                                            """))
                                    .environment(e -> e.variables(Map.of(HostProcesses.VARIABLE, marker)))
                                    .timeout(30)
                                    .build());
                    assertEquals("[3, 11]", invoke(lambda, "{}"));
                    concurrencyOfOne(lambda);
                    idleTimeoutOfTwoSeconds(lambda, marker);
                }
            }
            try (NodeProcess plain =
                    NodeProcess.start(data.resolve("plain.out"), "--port", "0", "--data-dir", data.toString())) {
                // --data-dir: the function created by the first node is there
                try (LambdaClient lambda = plain.lambda()) {
                    assertEquals(
                            "flags-fn",
                            lambda.getFunction(r -> r.functionName("flags-fn"))
                                    .configuration()
                                    .functionName());
                }
                // without the flags: default host, signatures required, no python3.12 on this host
                assertEquals("127.0.0.1", plain.endpoint().getHost());
                assertEquals(403, unsigned(plain.endpoint()));
                String health = plain.health();
                assertFalse(health.contains("\"python3.12\""), "python3.12 came only from --runtime: " + health);
            }
        } finally {
            TestNode.deleteTree(data);
        }
    }

    /** --concurrency 1: while one invocation runs, a second one is throttled as Lambda does. */
    private static void concurrencyOfOne(LambdaClient lambda) throws Exception {
        assertEquals(
                1,
                lambda.getAccountSettings().accountLimit().concurrentExecutions(),
                "the account limit is the node's concurrency");
        TooManyRequestsException throttled = null;
        // A probe may take the only slot just as the long invocation asks for it: then that one is
        // throttled instead, and the round is run again.
        for (int round = 0; round < 10 && throttled == null; round++) {
            CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> invoke(lambda, "{\"sleep\": 3}"));
            while (throttled == null && !running.isDone()) {
                try {
                    invoke(lambda, "{}");
                } catch (TooManyRequestsException e) {
                    throttled = e;
                }
            }
            try {
                assertEquals("[3, 11]", running.get());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TooManyRequestsException)) {
                    throw e;
                }
            }
        }
        assertTrue(throttled != null, "no invocation was throttled while another ran");
        assertEquals("ConcurrentInvocationLimitExceeded", throttled.reason().toString());
    }

    /** --idle-timeout 2: the idle environment's processes are gone two seconds after its last invocation. */
    private static void idleTimeoutOfTwoSeconds(LambdaClient lambda, String marker) throws Exception {
        invoke(lambda, "{}");
        long idleSince = System.nanoTime();
        List<Long> pids = HostProcesses.marked(marker);
        assertFalse(pids.isEmpty(), "the runtime runs with the marker in its environment");
        AsyncLogs.awaitTrue(
                () -> HostProcesses.marked(marker).isEmpty(),
                Duration.ofSeconds(20),
                "the idle environment was not shut down");
        long idleMillis = (System.nanoTime() - idleSince) / 1_000_000;
        assertTrue(idleMillis >= 1_900, "shut down after " + idleMillis + " ms, before its idle timeout");
    }

    private static String invoke(LambdaClient lambda, String payload) {
        var response = lambda.invoke(r -> r.functionName("flags-fn").payload(SdkBytes.fromUtf8String(payload)));
        assertEquals(null, response.functionError(), response.payload().asUtf8String());
        return response.payload().asUtf8String();
    }

    private static int unsigned(URI endpoint) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/functions/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .statusCode();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return socket.getLocalPort();
        }
    }
}
