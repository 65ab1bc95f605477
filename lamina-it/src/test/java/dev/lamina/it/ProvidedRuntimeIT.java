package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/** Custom runtimes: the package's own bootstrap, a shell script and a compiled C binary. */
class ProvidedRuntimeIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String resource(String name) throws Exception {
        try (InputStream in = ProvidedRuntimeIT.class.getResourceAsStream("/provided/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(r ->
                r.functionName(name).payload(SdkBytes.fromUtf8String(payload)).logType(LogType.TAIL));
    }

    @Test
    void shellBootstrapAnswersWarmAndReportsErrors() throws Exception {
        Functions.create(
                lambda,
                "prov-shell",
                "provided.al2023",
                "function.handler",
                new Zips().executable("bootstrap", resource("bootstrap.sh")).bytes());
        InvokeResponse r = invoke("prov-shell", "{\"n\":1}");
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertEquals("{\"n\":1}", body.get("echo").toString());
        assertEquals("function.handler", body.get("handler").asText());
        long deadline = body.get("deadline").asLong();
        long now = System.currentTimeMillis();
        assertTrue(deadline > now && deadline <= now + 3000, "deadline " + deadline + " vs now " + now);
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("shell got {\"n\":1}"), tail);

        InvokeResponse failed = invoke("prov-shell", "{\"fail\":true}");
        assertEquals("Unhandled", failed.functionError());
        assertEquals(
                "{\"errorMessage\":\"asked to fail\",\"errorType\":\"Custom.Failure\"}",
                failed.payload().asUtf8String());

        InvokeResponse exited = invoke("prov-shell", "{\"exit\":true}");
        assertEquals("Unhandled", exited.functionError());
        assertTrue(exited.payload().asUtf8String().contains("Runtime exited with error: exit status 3"));
        assertEquals(
                "{\"n\":2}",
                JSON.readTree(invoke("prov-shell", "{\"n\":2}").payload().asByteArray())
                        .get("echo")
                        .toString());
    }

    @Test
    void runtimeApiRefusesIllegalCallsWithoutHarm() throws Exception {
        Functions.create(
                lambda,
                "prov-rules",
                "provided.al2023",
                "x",
                new Zips().executable("bootstrap", resource("transitions.sh")).bytes());
        for (int i = 0; i < 2; i++) {
            InvokeResponse r = invoke("prov-rules", "{}");
            assertEquals(null, r.functionError());
            JsonNode codes = JSON.readTree(r.payload().asByteArray());
            assertEquals(403, codes.get("nextAgain").asInt(), "GET /next while an invocation is running");
            assertEquals(400, codes.get("wrongId").asInt(), "a response for another request id");
            assertEquals(403, codes.get("initErrorLate").asInt(), "/init/error after init");
            assertEquals(404, codes.get("unknownPath").asInt());
        }
        var events = node.logs()
                .filterLogEvents(b -> b.logGroupName("/aws/lambda/prov-rules"))
                .events();
        assertTrue(
                events.stream().anyMatch(e -> e.message().equals("first response 202, second response 400")),
                events.toString());
    }

    @Test
    void compiledCBootstrap() throws Exception {
        Path dir = Files.createTempDirectory(node.dataDir(), "c-build");
        Path source = Files.writeString(dir.resolve("bootstrap.c"), resource("bootstrap.c"));
        Process cc = new ProcessBuilder(
                        "cc", "-O2", "-o", dir.resolve("bootstrap").toString(), source.toString())
                .inheritIO()
                .start();
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc failed");
        byte[] binary = Files.readAllBytes(dir.resolve("bootstrap"));
        Functions.create(
                lambda,
                "prov-c",
                "provided",
                "ignored",
                new Zips().add("bootstrap", binary, 0755).bytes());
        for (int i = 0; i < 3; i++) {
            InvokeResponse r = invoke("prov-c", "[" + i + "]");
            JsonNode body = JSON.readTree(r.payload().asByteArray());
            assertEquals("[" + i + "]", body.get("c").toString());
            assertEquals(r.responseMetadata().requestId(), body.get("id").asText());
            String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
            assertTrue(tail.contains("c runtime got " + body.get("id").asText()), tail);
            assertEquals(i == 0, tail.contains("Init Duration"), tail);
        }
    }

    @Test
    void aTimeoutAfterARuntimeThatNeverAskedAgainKeepsTheLogInOrder() throws Exception {
        String script = """
                #!/bin/sh
                # answers its first invocation, then never asks for another
                api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
                headers="$(mktemp)"
                curl -sS -D "$headers" -o /dev/null "$api/invocation/next"
                id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d: -f2 | tr -d ' \\r\\n')"
                curl -sS -X POST -d '"first"' "$api/invocation/$id/response" >/dev/null
                exec sleep 600
                """;
        lambda.createFunction(Functions.request(
                        "prov-stuck",
                        "provided.al2023",
                        "x",
                        new Zips().executable("bootstrap", script).bytes())
                .timeout(2)
                .build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("prov-stuck"));
        InvokeResponse first = lambda.invoke(r -> r.functionName("prov-stuck"));
        assertEquals("\"first\"", first.payload().asUtf8String());
        InvokeResponse second = lambda.invoke(r -> r.functionName("prov-stuck"));
        assertEquals("Unhandled", second.functionError());
        assertTrue(
                second.payload().asUtf8String().contains("Task timed out"),
                second.payload().asUtf8String());
        String one = first.responseMetadata().requestId();
        String two = second.responseMetadata().requestId();
        java.util.List<String> lines = java.util.List.of();
        for (int i = 0; i < 50 && lines.stream().noneMatch(l -> l.startsWith("REPORT RequestId: " + two)); i++) {
            Thread.sleep(100);
            lines = node.logs().filterLogEvents(b -> b.logGroupName("/aws/lambda/prov-stuck")).events().stream()
                    .map(e -> e.message())
                    .toList();
        }
        int reportOne = indexOf(lines, "REPORT RequestId: " + one);
        int startTwo = indexOf(lines, "START RequestId: " + two);
        assertTrue(
                reportOne >= 0 && startTwo > reportOne,
                "the first invocation ends before the second starts: " + String.join("\n", lines));
    }

    private static int indexOf(java.util.List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void bootstrapThatExitsDuringInitFailsAtOnce() throws Exception {
        lambda.createFunction(Functions.request(
                        "prov-dies",
                        "provided.al2023",
                        "x",
                        new Zips()
                                .executable("bootstrap", "#!/bin/sh\necho dying\nexit 7\n")
                                .bytes())
                .timeout(60)
                .build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("prov-dies"));
        long start = System.nanoTime();
        InvokeResponse r = invoke("prov-dies", "{}");
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "waited for a timeout");
        assertEquals("Unhandled", r.functionError());
        JsonNode body = JSON.readTree(r.payload().asByteArray());
        assertEquals("Runtime.ExitError", body.get("errorType").asText());
        assertTrue(
                body.get("errorMessage").asText().endsWith("Runtime exited with error: exit status 7"),
                body.toString());
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("dying"), tail);
    }
}
