package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.NetworkMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/** Invoke through the SDK: results, headers, logs, failures, and environment reuse and retirement. */
class InvokeIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static void python(String name, String source) {
        Functions.create(lambda, name, "python3.11", "app.handler", Functions.python(source));
    }

    static InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
    }

    static JsonNode json(InvokeResponse response) throws Exception {
        return JSON.readTree(response.payload().asByteArray());
    }

    @Test
    void requestResponseCarriesResultRequestIdAndVersion() throws Exception {
        python("inv-basic", """
                def handler(event, context):
                    return {"got": event, "rid": context.aws_request_id, "fn": context.function_name,
                            "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb,
                            "left": context.get_remaining_time_in_millis()}
                """);
        InvokeResponse r = invoke("inv-basic", "{\"k\":[1,2]}");
        assertEquals(200, r.statusCode());
        assertEquals("$LATEST", r.executedVersion());
        assertNull(r.functionError());
        JsonNode body = json(r);
        assertEquals("{\"k\":[1,2]}", body.get("got").toString());
        assertEquals(r.responseMetadata().requestId(), body.get("rid").asText());
        assertEquals("inv-basic", body.get("fn").asText());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:inv-basic",
                body.get("arn").asText());
        assertEquals("128", body.get("mem").asText());
        long left = body.get("left").asLong();
        assertTrue(left > 0 && left <= 3000, "remaining time " + left);
    }

    @Test
    void emptyPayloadIsAnEmptyObject() throws Exception {
        python("inv-empty", "def handler(event, context):\n    return event\n");
        assertEquals(
                "{}", lambda.invoke(r -> r.functionName("inv-empty")).payload().asUtf8String());
    }

    @Test
    void tailReturnsThisInvocationsLogLines() {
        python(
                "inv-tail",
                "def handler(event, context):\n    print('line one')\n    print('line two')\n    return 1\n");
        InvokeResponse r = lambda.invoke(b -> b.functionName("inv-tail").logType(LogType.TAIL));
        String id = r.responseMetadata().requestId();
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        List<String> lines = tail.lines().toList();
        assertEquals("START RequestId: " + id + " Version: $LATEST", lines.getFirst(), tail);
        int one = lines.indexOf("line one");
        assertTrue(one > 0 && lines.get(one + 1).equals("line two"), tail);
        assertEquals("END RequestId: " + id, lines.get(lines.size() - 2), tail);
        String report = lines.getLast();
        assertTrue(
                report.matches("REPORT RequestId: " + id + "\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\t"
                        + "Memory Size: 128 MB\\tMax Memory Used: [1-9]\\d* MB\\tInit Duration: \\d+\\.\\d\\d ms\\t"),
                report);

        InvokeResponse warm = lambda.invoke(b -> b.functionName("inv-tail").logType(LogType.TAIL));
        String warmTail = new String(Base64.getDecoder().decode(warm.logResult()), StandardCharsets.UTF_8);
        assertFalse(warmTail.contains("Init Duration"), "a warm invoke has no Init Duration: " + warmTail);
        assertFalse(warmTail.contains(id), "the tail holds only this invocation");
    }

    @Test
    void clientContextReachesTheHandler() throws Exception {
        python("inv-ctx", "def handler(event, context):\n    return context.client_context.custom\n");
        String cc = Base64.getEncoder()
                .encodeToString(
                        "{\"custom\":{\"tenant\":\"t1\"},\"env\":{},\"client\":{}}".getBytes(StandardCharsets.UTF_8));
        InvokeResponse r = lambda.invoke(b -> b.functionName("inv-ctx").clientContext(cc));
        assertEquals("{\"tenant\":\"t1\"}", json(r).toString());
        // JSON may break lines between its tokens; the runtime gets the context in a header, on one line
        String multiline = Base64.getEncoder()
                .encodeToString("{\n  \"custom\": {\"tenant\": \"t2\"}\n}".getBytes(StandardCharsets.UTF_8));
        InvokeResponse warm = lambda.invoke(b -> b.functionName("inv-ctx").clientContext(multiline));
        assertEquals(null, warm.functionError(), warm.payload().asUtf8String());
        assertEquals("{\"tenant\":\"t2\"}", json(warm).toString());
    }

    @Test
    void handlerErrorIsUnhandledWithThePythonErrorDocument() throws Exception {
        python("inv-error", "def handler(event, context):\n    raise ValueError('bad input')\n");
        InvokeResponse r = invoke("inv-error", "{}");
        assertEquals(200, r.statusCode());
        assertEquals("Unhandled", r.functionError());
        JsonNode body = json(r);
        assertEquals("ValueError", body.get("errorType").asText());
        assertEquals("bad input", body.get("errorMessage").asText());
        assertTrue(body.get("stackTrace").toString().contains("app.py"), body.toString());
    }

    @Test
    void initErrorsFailAtOnceWithTheirType() throws Exception {
        record Case(String name, String source, String handler, String type) {}
        for (Case c : List.of(
                new Case(
                        "inv-syntax",
                        "def handler(event, context)\n    return 1\n",
                        "app.handler",
                        "Runtime.UserCodeSyntaxError"),
                new Case("inv-import", "import no_such_module\n", "app.handler", "Runtime.ImportModuleError"),
                new Case("inv-nohandler", "x = 1\n", "app.handler", "Runtime.HandlerNotFound"))) {
            lambda.createFunction(Functions.request(c.name(), "python3.11", c.handler(), Functions.python(c.source()))
                    .timeout(60)
                    .build());
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(c.name()));
            for (int attempt = 0; attempt < 2; attempt++) {
                long start = System.nanoTime();
                InvokeResponse r = invoke(c.name(), "{}");
                assertTrue(
                        Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "did not wait for the timeout");
                assertEquals("Unhandled", r.functionError());
                assertEquals(c.type(), json(r).get("errorType").asText(), json(r).toString());
            }
        }
    }

    @Test
    void timeoutKillsTheEnvironmentAndTheNextInvokeStartsAfresh() throws Exception {
        lambda.createFunction(Functions.request("inv-timeout", "python3.11", "app.handler", Functions.python("""
                        import time, uuid
                        INSTANCE = str(uuid.uuid4())
                        def handler(event, context):
                            if event.get("sleep"):
                                time.sleep(30)
                            return {"instance": INSTANCE, "stream": context.log_stream_name}
                        """))
                .timeout(1)
                .build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("inv-timeout"));
        JsonNode first = json(invoke("inv-timeout", "{}"));
        InvokeResponse r = lambda.invoke(b -> b.functionName("inv-timeout")
                .payload(SdkBytes.fromUtf8String("{\"sleep\":true}"))
                .logType(LogType.TAIL));
        assertEquals("Unhandled", r.functionError());
        JsonNode body = json(r);
        assertEquals("Sandbox.Timedout", body.get("errorType").asText());
        String id = r.responseMetadata().requestId();
        assertEquals(
                "RequestId: " + id + " Error: Task timed out after 1.00 seconds",
                body.get("errorMessage").asText());
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains(id + " Task timed out after 1.00 seconds"), tail);
        assertTrue(tail.contains("\tStatus: timeout\t"), tail);
        Sandboxes.awaitNothingLeft(Sandboxes.environmentId(first.get("stream").asText()));
        JsonNode next = json(invoke("inv-timeout", "{}"));
        assertNotEquals(first.get("instance"), next.get("instance"), "the next invoke runs in a new environment");
    }

    @Test
    void aWarmInvocationWithoutATailTimesOutAndFailsOnExitLikeAnyOther() throws Exception {
        // Without a log tail a warm environment runs the invocation on the event loop (decision 20):
        // its deadline is a timer there, and a runtime that exits ends it from the process reaper.
        lambda.createFunction(Functions.request("inv-warm-faults", "python3.11", "app.handler", Functions.python("""
                        import os, time, uuid
                        INSTANCE = str(uuid.uuid4())
                        def handler(event, context):
                            if event.get("sleep"):
                                time.sleep(30)
                            if event.get("exit"):
                                os._exit(3)
                            return INSTANCE
                        """))
                .timeout(1)
                .build());
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("inv-warm-faults"));
        String first = invoke("inv-warm-faults", "{}").payload().asUtf8String();
        assertEquals(first, invoke("inv-warm-faults", "{}").payload().asUtf8String(), "warm");

        long t0 = System.nanoTime();
        InvokeResponse timedOut = invoke("inv-warm-faults", "{\"sleep\":true}");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals("Unhandled", timedOut.functionError());
        assertEquals(
                "RequestId: " + timedOut.responseMetadata().requestId() + " Error: Task timed out after 1.00 seconds",
                json(timedOut).get("errorMessage").asText());
        assertTrue(elapsedMs >= 900 && elapsedMs < 10_000, "took " + elapsedMs + " ms");

        String second = invoke("inv-warm-faults", "{}").payload().asUtf8String();
        assertNotEquals(first, second, "a new environment after the timeout");
        assertEquals(second, invoke("inv-warm-faults", "{}").payload().asUtf8String(), "warm again");
        InvokeResponse exited = invoke("inv-warm-faults", "{\"exit\":true}");
        assertEquals("Unhandled", exited.functionError());
        assertEquals("Runtime.ExitError", json(exited).get("errorType").asText());
        assertNotEquals(second, invoke("inv-warm-faults", "{}").payload().asUtf8String());
    }

    @Test
    void runtimeExitMidInvokeIsAnExitError() throws Exception {
        python("inv-exit", """
                import os
                def handler(event, context):
                    if event.get("exit"):
                        os._exit(2)
                    return "alive"
                """);
        InvokeResponse r = lambda.invoke(b -> b.functionName("inv-exit")
                .payload(SdkBytes.fromUtf8String("{\"exit\":true}"))
                .logType(LogType.TAIL));
        assertEquals("Unhandled", r.functionError());
        JsonNode body = json(r);
        assertEquals("Runtime.ExitError", body.get("errorType").asText());
        assertEquals(
                "RequestId: " + r.responseMetadata().requestId() + " Error: Runtime exited with error: exit status 2",
                body.get("errorMessage").asText());
        String tail = new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
        assertTrue(tail.contains("\tStatus: error\tError Type: Runtime.ExitError\t"), tail);
        assertEquals("\"alive\"", invoke("inv-exit", "{}").payload().asUtf8String());
    }

    @Test
    void warmEnvironmentIsReused() {
        python(
                "inv-warm",
                "count = 0\ndef handler(event, context):\n    global count\n    count += 1\n    return count\n");
        assertEquals("1", invoke("inv-warm", "{}").payload().asUtf8String());
        assertEquals("2", invoke("inv-warm", "{}").payload().asUtf8String());
        assertEquals("3", invoke("inv-warm", "{}").payload().asUtf8String());
    }

    @Test
    void concurrentInvocationsRunInSeparateEnvironmentsAtTheSameTime() throws Exception {
        // Each invocation connects to a rendezvous on the test's side and waits there until both
        // have arrived: this passes only when the two run at the same time in two environments.
        // The rendezvous is on the host's loopback, so this node's functions share the host's network.
        try (TestNode own = TestNode.start(c -> c.withNetwork(NetworkMode.HOST));
                var rendezvous = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            LambdaClient lambda = own.lambda();
            lambda.createFunction(
                    Functions.request("inv-concurrent", "python3.11", "app.handler", Functions.python("""
                            import socket, uuid
                            INSTANCE = str(uuid.uuid4())
                            def handler(event, context):
                                with socket.create_connection(("127.0.0.1", event["port"]), timeout=8) as s:
                                    s.sendall((INSTANCE + "\\n").encode())
                                    return {"instance": INSTANCE, "peers": s.makefile().readline().strip()}
                            """))
                            .timeout(10)
                            .build());
            lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName("inv-concurrent"));
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                String payload = "{\"port\":" + rendezvous.getLocalPort() + "}";
                Callable<String> call = () -> lambda.invoke(
                                r -> r.functionName("inv-concurrent").payload(SdkBytes.fromUtf8String(payload)))
                        .payload()
                        .asUtf8String();
                Future<String> a = pool.submit(call);
                Future<String> b = pool.submit(call);
                Future<List<String>> meeting = pool.submit(() -> meet(rendezvous));
                List<String> met = meeting.get(30, TimeUnit.SECONDS);
                JsonNode ra = JSON.readTree(a.get());
                JsonNode rb = JSON.readTree(b.get());
                assertNotEquals(met.get(0), met.get(1), "two different environments met");
                assertNotEquals(ra.get("instance"), rb.get("instance"));
                assertEquals(ra.get("peers"), rb.get("peers"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Waits for two connections, reads a line from each, then tells both what it read. */
    private static List<String> meet(ServerSocket rendezvous) throws Exception {
        try (Socket first = rendezvous.accept();
                Socket second = rendezvous.accept()) {
            String one = new BufferedReader(new InputStreamReader(first.getInputStream())).readLine();
            String two = new BufferedReader(new InputStreamReader(second.getInputStream())).readLine();
            for (Socket s : List.of(first, second)) {
                s.getOutputStream().write((one + "," + two + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return List.of(one, two);
        }
    }

    @Test
    void updateRetiresOldEnvironmentsAndDeleteLeavesNothingBehind() throws Exception {
        python("inv-retire", "def handler(event, context):\n    return context.log_stream_name\n");
        String before = Sandboxes.environmentId(json(invoke("inv-retire", "{}")).asText());
        lambda.updateFunctionConfiguration(r -> r.functionName("inv-retire").memorySize(256));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("inv-retire"));
        String after = Sandboxes.environmentId(json(invoke("inv-retire", "{}")).asText());
        assertNotEquals(before, after);
        Sandboxes.awaitNothingLeft(before);
        lambda.deleteFunction(r -> r.functionName("inv-retire"));
        Sandboxes.awaitNothingLeft(after);
    }

    @Test
    void nodeShutdownLeavesNothingBehind() throws Exception {
        String env;
        try (TestNode own = TestNode.start()) {
            Functions.create(own.lambda(), "inv-shutdown", "python3.11", "app.handler", Functions.python("""
                    import subprocess
                    def handler(event, context):
                        subprocess.Popen(["sleep", "600"])
                        return context.log_stream_name
                    """));
            env = Sandboxes.environmentId(json(own.lambda().invoke(r -> r.functionName("inv-shutdown")))
                    .asText());
            assertTrue(Sandboxes.leftBehind(env), "the environment runs in its cgroup");
        }
        assertFalse(Sandboxes.leftBehind(env), "the environment's cgroup outlived the node");
        assertEquals(List.of(), Sandboxes.sandboxProcesses(), "sandbox processes outlived the node");
    }

    @Test
    void eventInvocationIsAcceptedAndRuns() throws Exception {
        python("inv-event", "def handler(event, context):\n    print('event ran', event['n'])\n    return None\n");
        InvokeResponse r = lambda.invoke(b -> b.functionName("inv-event")
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{\"n\":42}")));
        assertEquals(202, r.statusCode());
        assertEquals(0, r.payload().asByteArray().length);
        try (var logs = node.logs()) {
            for (int i = 0; i < 100; i++) {
                boolean ran = false;
                try {
                    ran = logs.filterLogEvents(b -> b.logGroupName("/aws/lambda/inv-event")).events().stream()
                            .anyMatch(e -> e.message().equals("event ran 42"));
                } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                    // the log group appears with the first line
                }
                if (ran) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the event invocation never ran");
    }

    /**
     * DryRun answers 204 and runs nothing: no environment is started (none appears in /health and
     * no process carries the function's marker), the handler never prints, and the log group holds
     * only what the one real invocation after the dry runs wrote.
     */
    @Test
    void dryRunValidatesWithoutRunning() throws Exception {
        String marker = HostProcesses.newMarker();
        Functions.create(
                lambda,
                Functions.request(
                                "inv-dry",
                                "python3.11",
                                "app.handler",
                                Functions.python(HostProcesses.PYTHON_MARK
                                        + "def handler(event, context):\n    print('RAN ' + context.aws_request_id)\n"))
                        .environment(e -> e.variables(java.util.Map.of(HostProcesses.VARIABLE, marker)))
                        .build());
        int environmentsBefore = environments();
        for (int i = 0; i < 3; i++) {
            InvokeResponse r = lambda.invoke(b -> b.functionName("inv-dry").invocationType(InvocationType.DRY_RUN));
            assertEquals(204, r.statusCode());
            assertEquals(0, r.payload().asByteArray().length);
        }
        assertEquals(environmentsBefore, environments(), "a dry run started an environment");
        assertEquals(List.of(), HostProcesses.marked(marker), "a dry run started the function's runtime");

        // The real invocation is the positive signal: its lines are in the log, and they are all there is.
        InvokeResponse real = lambda.invoke(b -> b.functionName("inv-dry"));
        String id = real.responseMetadata().requestId();
        assertEquals(environmentsBefore + 1, environments());
        AsyncLogs.awaitTrue(
                () -> !AsyncLogs.lines(node, "inv-dry", "REPORT RequestId: " + id)
                        .isEmpty(),
                Duration.ofSeconds(10),
                "the real invocation's REPORT");
        assertEquals(List.of(id), AsyncLogs.lines(node, "inv-dry", "RAN "), "only the real invocation ran");
        List<String> starts = AsyncLogs.lines(node, "inv-dry", "START RequestId: ");
        assertEquals(1, starts.size(), "one invocation in the log: " + starts);
        assertTrue(starts.getFirst().startsWith(id), starts.toString());
        assertFalse(
                HostProcesses.marked(marker).isEmpty(),
                "the real invocation's runtime is found by the marker, so the dry runs' none means none");
    }

    /** Environments the node holds, idle and busy, from GET /health. */
    private static int environments() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            JsonNode health = JSON.readTree(http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.endpoint() + "/health"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body());
            return health.path("environments").path("idle").asInt()
                    + health.path("environments").path("busy").asInt();
        }
    }

    @Test
    void oversizedResponseIsResponseSizeTooLarge() throws Exception {
        // 30 s: the test is about the answer's size, and encoding 7 MiB on a loaded 2-core machine took over 3 s
        Functions.create(
                lambda,
                Functions.request(
                                "inv-bigresponse",
                                "python3.11",
                                "app.handler",
                                Functions.python("def handler(event, context):\n    return 'x' * (7 * 1024 * 1024)\n"))
                        .timeout(30)
                        .build());
        InvokeResponse r = invoke("inv-bigresponse", "{}");
        assertEquals("Unhandled", r.functionError());
        JsonNode body = json(r);
        assertEquals("Function.ResponseSizeTooLarge", body.get("errorType").asText());
        assertEquals(
                "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
                body.get("errorMessage").asText());
    }
}
