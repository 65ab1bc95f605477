package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Metering and metrics on a real node (decision 47): invocations whose duration the test sets (each
 * sleeps 200 ms), made with the SDK and the AWS CLI, then {@code lamina usage} run as its own process
 * against the node's data directory while the node runs, and {@code GET /metrics} parsed by
 * Prometheus' own Python parser ({@code prometheus_client.parser}, Debian's python3-prometheus-client).
 */
class ObservabilityIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PARSER = Path.of("/usr/lib/python3/dist-packages/prometheus_client/parser.py");
    private static final Pattern BILLED = Pattern.compile("Billed Duration: (\\d+) ms");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Invocations through the SDK; one more goes through the AWS CLI. */
    private static final int SDK_INVOCATIONS = 4;

    static TestNode node;
    static Path work;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        assumeTrue(
                Files.isRegularFile(PARSER),
                "Prometheus' Python client (Debian package python3-prometheus-client) is not installed");
        node = TestNode.start();
        work = Files.createDirectories(node.dataDir().resolve("observability-work"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void usageAndMetricsCountWhatRanAndWhatItCost() throws Exception {
        Functions.create(
                node.lambda(),
                Functions.request(
                                "metered",
                                "python3.11",
                                "app.handler",
                                Functions.python("import time\n\ndef handler(event, context):\n    time.sleep(0.2)\n"
                                        + "    return 'slept'\n"))
                        .memorySize(256)
                        .build());
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < SDK_INVOCATIONS; i++) {
            InvokeResponse r = node.lambda()
                    .invoke(b ->
                            b.functionName("metered").logType(LogType.TAIL).payload(SdkBytes.fromUtf8String("{}")));
            assertEquals(200, r.statusCode());
            reports.add(reportLine(new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8)));
        }
        AwsCli.Result cli = new AwsCli(node.endpoint(), work)
                .run(
                        "lambda",
                        "invoke",
                        "--function-name",
                        "metered",
                        "--log-type",
                        "Tail",
                        work.resolve("out.json").toString());
        assertEquals(0, cli.exitCode(), cli.stderr());
        reports.add(reportLine(new String(
                Base64.getDecoder()
                        .decode(JSON.readTree(cli.stdout()).get("LogResult").asText()),
                StandardCharsets.UTF_8)));
        int invocations = SDK_INVOCATIONS + 1;
        long billedMs = 0;
        int coldStarts = 0;
        for (String report : reports) {
            Matcher m = BILLED.matcher(report);
            assertTrue(m.find(), report);
            long billed = Long.parseLong(m.group(1));
            assertTrue(billed >= 200, "each invocation slept 200 ms: " + report);
            billedMs += billed;
            coldStarts += report.contains("Init Duration:") ? 1 : 0;
        }
        assertTrue(coldStarts >= 1, "the first invocation starts an environment: " + reports);

        // a throttle: no concurrency left for this function
        Functions.create(
                node.lambda(),
                "throttled",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n    pass\n"));
        node.lambda().putFunctionConcurrency(r -> r.functionName("throttled").reservedConcurrentExecutions(0));
        assertThrows(
                TooManyRequestsException.class, () -> node.lambdaNoRetry().invoke(r -> r.functionName("throttled")));

        // (a) lamina usage, a process of its own reading the running node's data directory
        String csv = usageOnceWritten(invocations);
        List<String> rows = csv.lines().toList();
        assertEquals("Function,Requests,GB-seconds,Cost (USD)", rows.getFirst());
        String[] metered = rows.get(1).split(",");
        assertEquals("metered", metered[0]);
        assertEquals(invocations, Integer.parseInt(metered[1]));
        // exactly the REPORT lines' Billed Durations at 256 MB: 0.25 GB × billed seconds
        double gbSeconds = Double.parseDouble(metered[2]);
        assertEquals(0.25 * billedMs / 1000, gbSeconds, 1e-6, csv);
        assertTrue(gbSeconds >= invocations * 0.25 * 0.2, csv);
        double cost = Double.parseDouble(metered[3]);
        assertEquals(invocations * 0.20 / 1e6 + gbSeconds * 0.0000166667, cost, 1e-6, csv);
        assertEquals("TOTAL," + invocations + "," + metered[2] + "," + metered[3], rows.getLast());

        Result table =
                lamina("usage", "--data-dir", node.dataDir().toString(), "--since", "1h", "--by", "day", "--free-tier");
        assertEquals(0, table.exit(), table.err());
        assertTrue(
                table.out()
                        .lines()
                        .findFirst()
                        .orElseThrow()
                        .matches("Day\\s+Requests\\s+GB-seconds\\s+Cost \\(USD\\)"),
                table.out());
        assertTrue(
                table.out().lines().anyMatch(l -> l.matches("TOTAL\\s+" + invocations + "\\s+\\S+\\s+0\\.000000")),
                "the free tier covers it all: " + table.out());

        Result priced = lamina(
                "usage",
                "--data-dir",
                node.dataDir().toString(),
                "--since",
                "1h",
                "--function",
                "metered",
                "--csv",
                "--price-per-million-requests",
                "1000000",
                "--price-per-gb-second",
                "0");
        assertEquals(0, priced.exit(), priced.err());
        assertTrue(
                priced.out().contains("metered," + invocations + "," + metered[2] + "," + invocations + ".000000"),
                priced.out());

        // (b) GET /metrics, unsigned, parsed by Prometheus' own parser
        HttpResponse<String> scraped = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scraped.statusCode(), scraped.body());
        assertEquals(
                "text/plain; version=0.0.4; charset=utf-8",
                scraped.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Double> samples = parse(scraped.body());
        String series = "{function=\"metered\",qualifier=\"$LATEST\"";
        assertEquals(invocations, samples.get("lamina_invocations_total" + series + "}"), samples.toString());
        assertEquals(coldStarts, samples.get("lamina_cold_starts_total" + series + "}"));
        assertEquals(invocations, samples.get("lamina_invocation_duration_seconds_count" + series + "}"));
        assertEquals(0, samples.get("lamina_invocation_duration_seconds_bucket" + series + ",le=\"0.1\"}"));
        assertEquals(invocations, samples.get("lamina_invocation_duration_seconds_bucket" + series + ",le=\"+Inf\"}"));
        assertTrue(samples.get("lamina_invocation_duration_seconds_sum" + series + "}") >= invocations * 0.2);
        assertEquals(coldStarts, samples.get("lamina_init_duration_seconds_count" + series + "}"));
        assertEquals(1, samples.get("lamina_throttles_total{function=\"throttled\"}"));
        assertEquals(0, samples.get("lamina_concurrent_executions{}"));
        assertTrue(samples.get("lamina_environments{state=\"idle\"}") >= 1, samples.toString());
        assertTrue(samples.get("jvm_memory_used_bytes{area=\"heap\"}") > 0);
        assertTrue(samples.get("jvm_threads_current{}") > 0);
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count{")));
        assertEquals(0, samples.get("lamina_async_queue_depth{}"));
        assertEquals(0, samples.get("lamina_async_queue_oldest_age_seconds{}"));

        // an event for a function with no concurrency waits in the queue, and its wait shows
        assertEquals(
                202,
                node.lambda()
                        .invoke(r -> r.functionName("throttled").invocationType(InvocationType.EVENT))
                        .statusCode());
        Map<String, Double> waiting = Map.of();
        for (int i = 0; i < 100; i++) {
            waiting = scrape();
            if (waiting.get("lamina_async_queue_oldest_age_seconds{}") >= 0.5) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(1, waiting.get("lamina_async_queue_depth{}"), waiting.toString());
        assertTrue(waiting.get("lamina_async_queue_oldest_age_seconds{}") >= 0.5, waiting.toString());
    }

    private static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> scraped = HTTP.send(
                HttpRequest.newBuilder(URI.create(node.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scraped.statusCode(), scraped.body());
        return parse(scraped.body());
    }

    @Test
    void usageRefusesWhatItCannotRead() throws Exception {
        Result since = lamina("usage", "--data-dir", node.dataDir().toString(), "--since", "yesterday");
        assertEquals(2, since.exit());
        assertTrue(since.err().contains("--since takes a duration"), since.err());
        Path empty = Files.createDirectories(work.resolve("no-node"));
        Result nowhere = lamina("usage", "--data-dir", empty.toString());
        assertEquals(2, nowhere.exit());
        assertTrue(nowhere.err().contains("No node data here"), nowhere.err());
        Result by = lamina("usage", "--data-dir", node.dataDir().toString(), "--by", "week");
        assertEquals(2, by.exit());
        assertTrue(by.err().contains("--by takes function or day, not week"), by.err());
    }

    @Test
    void noMetricsAnswers404AndStillMeters() throws Exception {
        try (TestNode quiet = TestNode.start(c -> c.withMetrics(false))) {
            HttpResponse<String> scraped = HTTP.send(
                    HttpRequest.newBuilder(URI.create(quiet.endpoint() + "/metrics"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, scraped.statusCode(), scraped.body());
            assertTrue(scraped.body().contains("--no-metrics"), scraped.body());
            HttpResponse<String> health = HTTP.send(
                    HttpRequest.newBuilder(URI.create(quiet.endpoint() + "/health"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        }
    }

    private static String reportLine(String tail) {
        return tail.lines()
                .filter(l -> l.startsWith("REPORT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(tail));
    }

    /**
     * {@code lamina usage --csv} once the node's writer has kept all {@code invocations} records: it
     * writes as they come, off the invoke path, so the test asks again for up to ten seconds.
     */
    private static String usageOnceWritten(int invocations) throws Exception {
        String last = "";
        for (int i = 0; i < 100; i++) {
            Result r = lamina("usage", "--data-dir", node.dataDir().toString(), "--since", "1h", "--csv");
            assertEquals(0, r.exit(), r.err());
            last = r.out();
            if (last.contains("\nmetered," + invocations + ",")) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("lamina usage never showed " + invocations + " invocations:\n" + last);
    }

    /** Every sample, as {@code name{label="value",...}} (labels as served, {@code {}} for none) → value. */
    private static Map<String, Double> parse(String exposition) throws Exception {
        Path text = Files.writeString(Files.createTempFile(work, "metrics-", ".txt"), exposition);
        Path script = Files.writeString(work.resolve("parse.py"), """
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                    for s in family.samples:
                        labels = ",".join('%s="%s"' % (k, v) for k, v in s.labels.items())
                        out[s.name + "{" + labels + "}"] = s.value
                print(json.dumps(out))
                """);
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), text.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Map<String, Double> samples = new java.util.HashMap<>();
        JsonNode parsed = JSON.readTree(out);
        parsed.properties().forEach(e -> samples.put(e.getKey(), e.getValue().asDouble()));
        return samples;
    }

    record Result(int exit, String out, String err) {}

    private static Result lamina(String... args) throws Exception {
        Path out = Files.createTempFile(work, "lamina-", ".out");
        Path err = Files.createTempFile(work, "lamina-", ".err");
        Process p = CliIT.laminaProcess(args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lamina " + String.join(" ", args) + " hung");
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
