package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * An Event invocation whose first attempt failed, with its retry pending, survives a SIGKILL of its
 * node: a new node on the same data directory makes the retry when it is due and sends the
 * destination Lambda's invocation record (OnSuccess when the retry works, OnFailure when retries run
 * out). The functions tell a collector in this test about each attempt, and the destination passes
 * on each record it gets, so what happened is known from outside both nodes. The retry delay is
 * shortened by the node's test-only flag, which a new node does not need: the due time is stored.
 */
class RetryAcrossKillIT {
    static final long RETRY_DELAY_MILLIS = 5_000;
    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String ATTEMPTS = """
            import urllib.request
            def handler(event, context):
                url = "http://127.0.0.1:%d/attempt/%s" % (event["collector"], context.aws_request_id)
                n = int(urllib.request.urlopen(urllib.request.Request(url, data=b""), timeout=10).read())
                if event["fail"] or n == 1:
                    raise Exception("attempt %d fails" % n)
                return {"attempt": n}
            """;

    static final String RECORDER = """
            import json, urllib.request
            def handler(event, context):
                url = "http://127.0.0.1:%d/record" % event["requestPayload"]["collector"]
                urllib.request.urlopen(urllib.request.Request(url, data=json.dumps(event).encode()), timeout=10).read()
            """;

    /** Request id → when each attempt told the collector. */
    final Map<String, List<Instant>> attempts = new ConcurrentHashMap<>();

    final List<JsonNode> records = new CopyOnWriteArrayList<>();

    @Test
    void aPendingRetryIsMadeByTheNextNodeAndItsDestinationGetsTheRecord() throws Exception {
        Path data = Files.createTempDirectory("lamina-retry-kill-");
        HttpServer collector = collector();
        int port = collector.getAddress().getPort();
        // The functions report to a collector on the host's loopback: they share the host's network.
        String[] flags = {
            "--network",
            "host",
            "--port",
            "0",
            "--data-dir",
            data.toString(),
            "--test-only-retry-delay-ms",
            String.valueOf(RETRY_DELAY_MILLIS)
        };
        NodeProcess first = NodeProcess.start(data.resolve("first.out"), flags);
        NodeProcess second = null;
        try {
            String recovers;
            String fails;
            try (LambdaClient lambda = first.lambda()) {
                deploy(lambda, "rk-dest", RECORDER);
                deploy(lambda, "rk-recovers", ATTEMPTS);
                deploy(lambda, "rk-fails", ATTEMPTS);
                lambda.putFunctionEventInvokeConfig(b -> b.functionName("rk-recovers")
                        .destinationConfig(d -> d.onSuccess(s -> s.destination(ARN + "rk-dest"))));
                lambda.putFunctionEventInvokeConfig(b -> b.functionName("rk-fails")
                        .maximumRetryAttempts(1)
                        .destinationConfig(d -> d.onFailure(f -> f.destination(ARN + "rk-dest"))));
                recovers = send(lambda, "rk-recovers", "{\"collector\": " + port + ", \"fail\": false}");
                fails = send(lambda, "rk-fails", "{\"collector\": " + port + ", \"fail\": true}");
            }
            // The first attempts are over when their REPORT lines are in the log: each retry is pending.
            try (CloudWatchLogsClient logs = logs(first)) {
                awaitReport(logs, "rk-recovers", recovers);
                awaitReport(logs, "rk-fails", fails);
            }
            first.kill();
            Instant killed = Instant.now();
            assertEquals(1, attempts.get(recovers).size(), "the retry was still pending at the kill");
            assertEquals(1, attempts.get(fails).size(), "the retry was still pending at the kill");
            assertTrue(records.isEmpty(), "no record before the retries: " + records);

            second = NodeProcess.start(data.resolve("second.out"), flags);
            JsonNode success = awaitRecord(recovers);
            JsonNode failure = awaitRecord(fails);
            for (String id : List.of(recovers, fails)) {
                List<Instant> made = attempts.get(id);
                assertTrue(made.size() >= 2, id + ": " + made);
                long waited = Duration.between(made.get(0), made.get(1)).toMillis();
                assertTrue(waited >= RETRY_DELAY_MILLIS - 500, "the retry waited its delay: " + waited + " ms");
                assertTrue(made.get(1).isAfter(killed), "the retry was made by the second node");
            }

            assertRecord(success, recovers, "rk-recovers", "Success", 2);
            assertFalse(success.path("responseContext").has("functionError"));
            assertEquals(JSON.readTree("{\"attempt\": 2}"), success.get("responsePayload"));
            assertRecord(failure, fails, "rk-fails", "RetriesExhausted", 2);
            assertEquals(
                    "Unhandled",
                    failure.path("responseContext").path("functionError").asText());
            assertEquals(
                    "attempt 2 fails",
                    failure.path("responsePayload").path("errorMessage").asText());
            assertEquals(
                    "Exception",
                    failure.path("responsePayload").path("errorType").asText());
        } finally {
            collector.stop(0);
            first.close();
            if (second != null) {
                second.close();
            }
            TestNode.deleteTree(data);
        }
    }

    /** Lambda's invocation record, field by field. */
    private static void assertRecord(JsonNode record, String id, String function, String condition, int count) {
        assertEquals("1.0", record.path("version").asText(), record.toString());
        Instant.parse(record.path("timestamp").asText());
        JsonNode context = record.path("requestContext");
        assertEquals(id, context.path("requestId").asText());
        assertEquals(ARN + function + ":$LATEST", context.path("functionArn").asText());
        assertEquals(condition, context.path("condition").asText());
        assertEquals(count, context.path("approximateInvokeCount").asInt());
        assertEquals(200, record.path("responseContext").path("statusCode").asInt());
        assertEquals(
                "$LATEST",
                record.path("responseContext").path("executedVersion").asText());
        assertTrue(record.path("requestPayload").has("collector"), record.toString());
    }

    private HttpServer collector() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/attempt/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/attempt/".length());
            List<Instant> made = attempts.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
            made.add(Instant.now());
            byte[] body = String.valueOf(made.size()).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/record", exchange -> {
            records.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private JsonNode awaitRecord(String id) throws InterruptedException {
        return AsyncLogs.await(
                () -> records.stream()
                        .filter(r -> r.path("requestContext")
                                .path("requestId")
                                .asText()
                                .equals(id))
                        .findFirst()
                        .orElse(null),
                Duration.ofSeconds(90),
                "no invocation record for " + id);
    }

    private static void deploy(LambdaClient lambda, String name, String source) {
        Functions.create(
                lambda,
                Functions.request(name, "python3.11", "app.handler", Functions.python(source))
                        .timeout(30)
                        .build());
    }

    private static String send(LambdaClient lambda, String function, String payload) {
        var response = lambda.invoke(b -> b.functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(payload)));
        assertEquals(202, response.statusCode());
        return response.responseMetadata().requestId();
    }

    private static CloudWatchLogsClient logs(NodeProcess node) {
        return CloudWatchLogsClient.builder()
                .endpointOverride(node.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(TestNode.credentials())
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
    }

    private static void awaitReport(CloudWatchLogsClient logs, String function, String id) throws InterruptedException {
        AsyncLogs.awaitTrue(
                () -> {
                    try {
                        return logs
                                .filterLogEventsPaginator(b -> b.logGroupName("/aws/lambda/" + function))
                                .events()
                                .stream()
                                .anyMatch(e -> e.message().startsWith("REPORT RequestId: " + id));
                    } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
                        return false;
                    }
                },
                Duration.ofSeconds(60),
                function + "'s first attempt did not end");
    }
}
