package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code lamina server} as a process of its own on a data directory, for tests that kill or restart
 * a node; its output goes to {@code <data>/<name>.out}.
 */
final class ServerProcess {
    static final Pattern READY = Pattern.compile("Lamina node ready at (http://\\S+)");

    private ServerProcess() {}

    /** Starts a node and waits until it says it is ready. */
    static Process start(Path data, String name) throws Exception {
        Path out = data.resolve(name + ".out");
        Process p = CliIT.laminaProcess("server", "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        // minutes, not seconds: under emulation (scripts/cgroup2-tests without KVM) a JVM starts slowly
        AsyncLogs.awaitTrue(() -> endpointOrNull(out) != null || !p.isAlive(), Duration.ofMinutes(5), name + " node");
        assertTrue(p.isAlive(), "the " + name + " node exited: " + Files.readString(out));
        return p;
    }

    /** The endpoint the node named {@code name} announced. */
    static URI endpoint(Path data, String name) {
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

    static LambdaClient client(URI endpoint) {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(TestNode.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Stops a node gracefully (SIGTERM: it shuts its functions down), by force if it hangs. */
    static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}
