package dev.lamina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's control plane and logs over HTTP, signed with SigV4 as the AWS CLI signs: create, wait
 * until Active, give a function a URL, delete, and read REPORT lines back. Nothing here is timed.
 */
final class ControlPlane {
    static final String ROLE = "arn:aws:iam::000000000000:role/lamina-bench";
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: (\\S+)\\tDuration: ([0-9.]+) ms\\t");
    private static final Pattern INIT = Pattern.compile("\\tInit Duration: ([0-9.]+) ms\\t");

    /** One REPORT line: the invocation's Duration and, on a cold start, its Init Duration (else -1). */
    record Report(String requestId, double durationMs, double initMs) {}

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    ControlPlane(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The runtimes the node says it can run. */
    List<String> runtimes() throws IOException, InterruptedException {
        JsonNode health = send("GET", "/health", null, Map.of());
        List<String> out = new ArrayList<>();
        health.path("runtimes").forEach(r -> out.add(r.asText()));
        return out;
    }

    /** What the node says about isolation ({@code sandboxed} or {@code unisolated}). */
    String isolation() throws IOException, InterruptedException {
        return send("GET", "/health", null, Map.of()).path("isolation").asText("?");
    }

    /**
     * How many execution environments a function has started so far: each writes a log stream of
     * its own.
     */
    int environmentsStarted(String function) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("logGroupName", "/aws/lambda/" + function);
        JsonNode streams = logs("DescribeLogStreams", request).path("logStreams");
        return streams.size();
    }

    /** Creates a function and waits until it is Active. */
    void create(String name, String runtime, String handler, byte[] zip, int memoryMb)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode()
                .put("FunctionName", name)
                .put("Runtime", runtime)
                .put("Handler", handler)
                .put("Role", ROLE)
                .put("MemorySize", memoryMb)
                .put("Timeout", 30);
        body.putObject("Code").put("ZipFile", Base64.getEncoder().encodeToString(zip));
        send("POST", "/2015-03-31/functions", json.writeValueAsBytes(body), Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode config = send("GET", "/2015-03-31/functions/" + encode(name) + "/configuration", null, Map.of());
            String state = config.path("State").asText();
            if (state.equals("Active")) {
                return;
            }
            if (state.equals("Failed") || System.nanoTime() > deadline) {
                throw new IOException("Function " + name + " did not become Active: " + config);
            }
            Thread.sleep(20);
        }
    }

    /** Sets a function's reserved concurrency (0 stops it from running). */
    void reserveConcurrency(String name, int reserved) throws IOException, InterruptedException {
        send(
                "PUT",
                "/2017-10-31/functions/" + encode(name) + "/concurrency",
                json.writeValueAsBytes(json.createObjectNode().put("ReservedConcurrentExecutions", reserved)),
                Map.of());
    }

    /**
     * Gives a function a URL with AuthType NONE, open to anyone as AWS needs a resource policy for;
     * returns it, or empty when the node has no function URLs (UnknownOperationException).
     */
    Optional<URI> createFunctionUrl(String name) throws IOException, InterruptedException {
        JsonNode url;
        try {
            url = send(
                    "POST",
                    "/2021-10-31/functions/" + encode(name) + "/url",
                    json.writeValueAsBytes(json.createObjectNode().put("AuthType", "NONE")),
                    Map.of());
        } catch (IOException e) {
            if (e.getMessage().contains("UnknownOperationException")) {
                return Optional.empty();
            }
            throw e;
        }
        ObjectNode permission = json.createObjectNode()
                .put("StatementId", "public-url")
                .put("Action", "lambda:InvokeFunctionUrl")
                .put("Principal", "*")
                .put("FunctionUrlAuthType", "NONE");
        try {
            send(
                    "POST",
                    "/2015-03-31/functions/" + encode(name) + "/policy",
                    json.writeValueAsBytes(permission),
                    Map.of());
        } catch (IOException e) {
            // a node without resource policies serves the URL without one
        }
        return Optional.of(URI.create(url.path("FunctionUrl").asText()));
    }

    void delete(String name) throws IOException, InterruptedException {
        send("DELETE", "/2015-03-31/functions/" + encode(name), null, Map.of());
    }

    /**
     * The REPORT lines of a function's log group written at or after {@code sinceEpochMs}, by request
     * id. Waits (up to {@code waitMillis}) until at least {@code expected} are there: the node writes
     * logs asynchronously, so the last ones may trail the responses a little.
     */
    Map<String, Report> reports(String function, long sinceEpochMs, int expected, long waitMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            Map<String, Report> found = readReports(function, sinceEpochMs);
            if (found.size() >= expected || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Report> readReports(String function, long sinceEpochMs)
            throws IOException, InterruptedException {
        Map<String, Report> out = new LinkedHashMap<>();
        for (String message : messages(function, sinceEpochMs, "REPORT")) {
            Matcher m = REPORT.matcher(message);
            if (m.find()) {
                Matcher i = INIT.matcher(message);
                double init = i.find() ? Double.parseDouble(i.group(1)) : -1;
                out.put(m.group(1), new Report(m.group(1), Double.parseDouble(m.group(2)), init));
            }
        }
        return out;
    }

    /**
     * The messages of a function's log group written at or after {@code sinceEpochMs} that match
     * {@code filterPattern} (a term of CloudWatch Logs' filter syntax), oldest first; none while the
     * group does not exist yet.
     */
    List<String> messages(String function, long sinceEpochMs, String filterPattern)
            throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            ObjectNode request = json.createObjectNode()
                    .put("logGroupName", "/aws/lambda/" + function)
                    .put("startTime", sinceEpochMs)
                    .put("filterPattern", filterPattern)
                    .put("limit", 10_000);
            if (token != null) {
                request.put("nextToken", token);
            }
            JsonNode page;
            try {
                page = logs("FilterLogEvents", request);
            } catch (IOException e) {
                if (e.getMessage().contains("ResourceNotFoundException")) {
                    return out;
                }
                throw e;
            }
            for (JsonNode event : page.path("events")) {
                out.add(event.path("message").asText());
            }
            token = page.path("nextToken").asText(null);
        } while (token != null);
        return out;
    }

    /** One call of the logs API (the JSON protocol of CloudWatch Logs). */
    private JsonNode logs(String action, ObjectNode request) throws IOException, InterruptedException {
        return send(
                "POST",
                "/",
                json.writeValueAsBytes(request),
                Map.of("Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "Logs_20140328." + action));
    }

    private JsonNode send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body != null && !headers.containsKey("Content-Type")) {
            all.put("Content-Type", "application/json");
        }
        String service = headers.containsKey("X-Amz-Target") ? "logs" : "lambda";
        byte[] answer = ServiceApi.call(http, endpoint, Signing.CREDENTIALS, method, path, body, all, service);
        return answer.length == 0 ? json.createObjectNode() : json.readTree(answer);
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
