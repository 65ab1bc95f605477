package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How environments end, and a node that cannot (or may not) sandbox. */
class LifecycleIT {

    @Test
    void shutdownSendsSigtermBeforeSigkill() throws Exception {
        try (TestNode node = TestNode.start()) {
            Functions.create(node.lambda(), "life-term", "python3.11", "app.handler", Functions.python("""
                    import signal, sys
                    def on_term(signum, frame):
                        print("got SIGTERM, cleaning up", flush=True)
                        sys.exit(0)
                    signal.signal(signal.SIGTERM, on_term)
                    def handler(event, context):
                        return context.log_stream_name
                    """));
            String env = Sandboxes.environmentId(node.lambda()
                    .invoke(r -> r.functionName("life-term"))
                    .payload()
                    .asUtf8String()
                    .replace("\"", ""));
            Thread.sleep(200); // long enough to be frozen: shutdown must thaw it to deliver SIGTERM
            node.lambda()
                    .updateFunctionConfiguration(
                            r -> r.functionName("life-term").timeout(5));
            Sandboxes.awaitNothingLeft(env);
            try (var logs = node.logs()) {
                for (int i = 0; i < 100; i++) {
                    boolean seen = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/life-term")).events().stream()
                            .anyMatch(e -> e.message().equals("got SIGTERM, cleaning up"));
                    if (seen) {
                        return;
                    }
                    Thread.sleep(50);
                }
            }
            try (var logs = node.logs()) {
                throw new AssertionError("the runtime never saw SIGTERM: "
                        + logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/life-term"))
                                .events());
            }
        }
    }

    @Test
    void aKilledNodeLeavesNoProcessAndItsLeftoversAreSweptAtTheNextStart() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("lamina-killed-");
        Process node = CliIT.laminaProcess("server", "--port", "0", "--data-dir", data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            String endpoint = null;
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream()));
            for (String line; (line = out.readLine()) != null; ) {
                var m = java.util.regex.Pattern.compile("ready at (http://\\S+)")
                        .matcher(line);
                if (m.find()) {
                    endpoint = m.group(1);
                    break;
                }
            }
            assertTrue(endpoint != null, "the node did not start");
            try (var lambda = software.amazon.awssdk.services.lambda.LambdaClient.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(TestNode.credentials())
                    .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                    .build()) {
                Functions.create(
                        lambda,
                        "life-killed",
                        "python3.11",
                        "app.handler",
                        Functions.python("def handler(event, context):\n    return context.log_stream_name\n"));
                String env = Sandboxes.environmentId(lambda.invoke(r -> r.functionName("life-killed"))
                        .payload()
                        .asUtf8String()
                        .replace("\"", ""));
                node.destroyForcibly().waitFor();
                for (int i = 0; i < 100 && !Sandboxes.sandboxProcesses().isEmpty(); i++) {
                    Thread.sleep(50);
                }
                assertEquals(List.of(), Sandboxes.sandboxProcesses(), "sandboxes die with their node");
                assertTrue(Sandboxes.leftBehind(env), "a killed node cannot remove its cgroups itself");
                TestNode.start().close(); // starting a node sweeps what dead nodes left
                assertTrue(!Sandboxes.leftBehind(env), "the next node swept the killed node's cgroups");
            }
        } finally {
            node.destroyForcibly().waitFor();
            TestNode.deleteTree(data);
        }
    }

    @Test
    void withoutASandboxTheNodeSaysSoAndStillRunsFunctions() throws Exception {
        try (TestNode node = TestNode.start(c -> c.withSandbox(false))) {
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.endpoint() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals(
                    "unisolated",
                    new ObjectMapper().readTree(health.body()).get("isolation").asText());
            Functions.create(
                    node.lambda(),
                    "life-plain",
                    "python3.11",
                    "app.handler",
                    Functions.python("import os\ndef handler(event, context):\n    return os.getuid()\n"));
            assertEquals(
                    "0",
                    node.lambda()
                            .invoke(r -> r.functionName("life-plain"))
                            .payload()
                            .asUtf8String());
        }
    }

    @Test
    void onAHostThatCanSandboxHealthSaysSandboxed() throws Exception {
        boolean hostCanSandbox = "root".equals(System.getProperty("user.name"))
                && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/bwrap"))
                && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setpriv"))
                && java.nio.file.Files.isDirectory(java.nio.file.Path.of("/sys/fs/cgroup"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                hostCanSandbox, "needs root, bubblewrap, setpriv and cgroups (CI's host has them)");
        try (TestNode node = TestNode.start()) {
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(node.endpoint() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            String isolation =
                    new ObjectMapper().readTree(health.body()).get("isolation").asText();
            assertEquals("sandboxed", isolation, health.body());
        }
    }
}
