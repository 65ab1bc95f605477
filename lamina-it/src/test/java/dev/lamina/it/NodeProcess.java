package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code lamina server} as a process of its own (so that a test can SIGKILL it or give it command-line
 * flags), its output in a file, found ready by the line it prints.
 *
 * @param out where its stdout and stderr go
 */
record NodeProcess(Process process, Path out, URI endpoint) implements AutoCloseable {
    static final Pattern READY = Pattern.compile("Lamina node ready at (http://\\S+)");

    /** Starts {@code lamina server <args>} (through {@link CliIT#laminaProcess}) and waits until it is ready. */
    static NodeProcess start(Path out, String... args) throws Exception {
        return start(CliIT.laminaProcess(concat("server", args)), out);
    }

    static NodeProcess start(ProcessBuilder pb, Path out) throws Exception {
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        // minutes, not seconds: under emulation (scripts/cgroup2-tests without KVM) a JVM starts slowly
        AsyncLogs.awaitTrue(() -> endpointOrNull(out) != null || !p.isAlive(), Duration.ofMinutes(5), "node start");
        assertTrue(p.isAlive(), "the node exited: " + Files.readString(out));
        return new NodeProcess(p, out, URI.create(endpointOrNull(out)));
    }

    LambdaClient lambda() {
        return TestNode.client(LambdaClient.builder(), endpoint);
    }

    /** {@code GET /health}'s body. */
    String health() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }

    String output() throws IOException {
        return Files.readString(out);
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    /** Stops it gracefully (SIGTERM: it shuts its functions down), by force if it hangs. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String endpointOrNull(Path out) {
        try {
            Matcher m = READY.matcher(Files.readString(out));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String[] concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), List.of(rest).stream())
                .toArray(String[]::new);
    }
}
