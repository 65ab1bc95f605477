package dev.lamina.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.lambda.NetworkMode;
import dev.lamina.logs.LogRetention;
import dev.lamina.metrics.tracing.SpanExport;
import dev.lamina.node.LaminaNode;
import dev.lamina.node.NodeConfig;
import dev.lamina.storage.disk.MinimumFree;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code lamina} command: {@code server}, {@code invoke}, {@code logs}, {@code deploy}, {@code delete} and
 * {@code usage}.
 */
@Command(
        name = "lamina",
        mixinStandardHelpOptions = true,
        description = "A self-hosted, AWS Lambda compatible node.",
        subcommands = {
            Lamina.Server.class,
            Lamina.Invoke.class,
            Lamina.Logs.class,
            StackCommands.Deploy.class,
            StackCommands.Delete.class,
            Usage.class
        })
public final class Lamina implements Callable<Integer> {

    static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".lamina");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Lamina())
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    if (e instanceof ClientCredentials.ProfileNotFound || e instanceof IllegalArgumentException) {
                        command.getErr().println(e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "server", mixinStandardHelpOptions = true, description = "Start a node and serve until stopped.")
    static final class Server implements Callable<Integer> {
        @Option(names = "--port", description = "Edge port (default ${DEFAULT-VALUE}; 0 = any free port).")
        int port = NodeConfig.DEFAULT_PORT;

        @Option(names = "--host", description = "Address to listen on (default ${DEFAULT-VALUE}).")
        String host = "127.0.0.1";

        @Option(
                names = "--public-url",
                paramLabel = "[ENDPOINT=]TEMPLATE",
                description = "Where clients reach function URLs through a proxy, with {id} for the URL id,"
                        + " e.g. 'https://{id}.lambda.example.com' or 'https://gw.example.com/fn/{id}'"
                        + " (ENDPOINT defaults to lambda-url). Default: http://<the address the caller"
                        + " used>/_lamina/url/<id>/.")
        List<String> publicUrls = new ArrayList<>();

        @Option(names = "--data-dir", description = "Where state lives (default ~/.lamina).")
        Path dataDir = DEFAULT_DATA_DIR;

        @Option(names = "--runtime", description = "Map a runtime to an interpreter, e.g. python3.12=/usr/bin/python3.")
        Map<String, Path> runtimes = new HashMap<>();

        @Option(
                names = "--idle-timeout",
                description = "Seconds an idle environment is kept (default ${DEFAULT-VALUE}).")
        long idleSeconds = 600;

        @Option(names = "--concurrency", description = "Invocations in flight at once (default ${DEFAULT-VALUE}).")
        int concurrency = 1000;

        @Option(names = "--no-sandbox", description = "Run functions as plain processes, without isolation.")
        boolean noSandbox;

        @Option(
                names = "--network",
                description = "What network sandboxed functions get: isolated (default: their own, with outbound"
                        + " access; of the host, only this node's endpoints), host (the host's, loopback"
                        + " included) or none (only a loopback of their own; needs socat).")
        String network = "isolated";

        @Option(names = "--no-network", description = "Same as --network none.")
        boolean noNetwork;

        @Option(names = "--no-metrics", description = "Serve no Prometheus metrics: GET /metrics answers 404.")
        boolean noMetrics;

        @Option(
                names = "--otlp-endpoint",
                paramLabel = "<url>",
                description = "Export a span per invocation over OTLP/HTTP to this collector (http://host:4318, or"
                        + " the full URL of its traces path); off by default.")
        String otlpEndpoint;

        @Option(
                names = "--no-auth",
                description = "Accept unsigned requests: no SigV4 check (for local development only).")
        boolean noAuth;

        /** Test-only, hence hidden: Lambda's minute before a retry would make a test of a killed node last minutes. */
        @Option(
                names = "--test-only-retry-delay-ms",
                hidden = true,
                description = "For tests only: the wait before an event's first retry (default Lambda's 60000).")
        Long testOnlyRetryDelayMillis;

        @Option(
                names = "--min-free-disk",
                converter = MinimumFreeConverter.class,
                description = "Free space the data directory's disk keeps, as a size (512M, 2G) or a share (5%%);"
                        + " below it the oldest logs are deleted, then new code is refused (default: the smaller"
                        + " of 1G and 5%%).")
        MinimumFree minFreeDisk = MinimumFree.DEFAULT;

        @Option(
                names = "--log-retention-days",
                description = "Days a log group without a retention policy keeps its events, one of CloudWatch Logs'"
                        + " values (1, 3, 5, 7, 14, 30, ...), or 0 to keep them forever (default ${DEFAULT-VALUE}).")
        int logRetentionDays = LogRetention.DEFAULT_DAYS;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (logRetentionDays != 0 && !LogRetention.ALLOWED_DAYS.contains(logRetentionDays)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--log-retention-days must be 0 (forever) or one of " + LogRetention.ALLOWED_DAYS + ", not "
                                + logRetentionDays);
            }
            if (otlpEndpoint != null) {
                try {
                    SpanExport.tracesUrl(otlpEndpoint);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(), "--otlp-endpoint must be an http(s) URL, not " + otlpEndpoint);
                }
            }
            NodeConfig config = NodeConfig.defaults(dataDir, System.getenv())
                    .withHost(host)
                    .withPort(port)
                    .withRuntimeOverrides(runtimes)
                    .withSandbox(!noSandbox)
                    .withNetwork(noNetwork ? NetworkMode.NONE : NetworkMode.parse(network))
                    .withPublicUrls(publicUrlTemplates(publicUrls))
                    .withMetrics(!noMetrics)
                    .withOtlpEndpoint(otlpEndpoint);
            config = config.withAuth(new NodeConfig.Auth(!noAuth, config.auth().credentials()));
            config = config.withLimits(
                    config.limits().withIdleMillis(idleSeconds * 1000).withConcurrency(concurrency));
            if (testOnlyRetryDelayMillis != null) {
                config = config.withAsync(config.async().withRetryDelayMillis(testOnlyRetryDelayMillis));
            }
            config = config.withDisk(new NodeConfig.Disk(
                    minFreeDisk, logRetentionDays == 0 ? OptionalInt.empty() : OptionalInt.of(logRetentionDays)));
            LaminaNode node = LaminaNode.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }));
            PrintStream out = System.out;
            out.println("Lamina node ready at " + node.endpoint() + " (data in " + dataDir.toAbsolutePath() + ")");
            out.println("Runtimes: " + String.join(", ", node.runtimes()));
            if (publicUrls.isEmpty() && (host.equals("0.0.0.0") || host.equals("::"))) {
                out.println("Listening on every address: function URLs and code links name the address each caller"
                        + " used; behind a proxy, set --public-url.");
            }
            if (otlpEndpoint != null) {
                out.println("Exporting a span per invocation to " + SpanExport.tracesUrl(otlpEndpoint));
            }
            if (!node.isolated()) {
                out.println("WARNING: functions run as plain processes, without isolation or limits.");
            } else {
                out.println("Functions' network: " + node.network()
                        + (node.network().equals("host")
                                ? " (WARNING: they reach this host's loopback services)"
                                : ""));
            }
            printAuth(out, node, config);
            out.println("Point the AWS CLI at it:");
            out.println("  aws --endpoint-url " + node.endpoint() + " lambda list-functions");
            out.println("  export LAMINA_ENDPOINT=" + node.endpoint());
            stopped.await();
            return 0;
        }

        /** {@code [ENDPOINT=]TEMPLATE} values by endpoint; a bare template is for function URLs. */
        static Map<String, String> publicUrlTemplates(List<String> values) {
            Map<String, String> templates = new HashMap<>();
            for (String value : values) {
                int eq = value.indexOf('=');
                boolean named = eq > 0 && !value.substring(0, eq).contains(":");
                templates.put(named ? value.substring(0, eq) : "lambda-url", named ? value.substring(eq + 1) : value);
            }
            return templates;
        }

        private void printAuth(PrintStream out, LaminaNode node, NodeConfig config) {
            Path file = dataDir.toAbsolutePath().resolve("credentials");
            if (!node.authenticates()) {
                out.println("WARNING: authentication is off (--no-auth): anyone who can reach the port may call it.");
            } else if (node.generatedCredentials().isPresent()) {
                var key = node.generatedCredentials().get();
                out.println("Generated this node's access key (shown only now; kept in " + file + "):");
                out.println("  export AWS_ACCESS_KEY_ID=" + key.accessKeyId());
                out.println("  export AWS_SECRET_ACCESS_KEY=" + key.secretAccessKey());
                out.println("  (or export AWS_SHARED_CREDENTIALS_FILE=" + file + ")");
            } else if (config.auth().credentials() != null) {
                out.println("Requests must be signed with the access key from " + NodeConfig.Auth.ACCESS_KEY_VARIABLE
                        + " (" + config.auth().credentials().accessKeyId() + ").");
            } else {
                out.println("Requests must be signed with the access key in " + file
                        + " (e.g. export AWS_SHARED_CREDENTIALS_FILE=" + file + ").");
            }
        }
    }

    /** Reads {@code --min-free-disk}; a bad value is a usage error with MinimumFree's message. */
    static final class MinimumFreeConverter implements CommandLine.ITypeConverter<MinimumFree> {
        @Override
        public MinimumFree convert(String value) {
            try {
                return MinimumFree.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(
            name = "invoke",
            mixinStandardHelpOptions = true,
            description = "Invoke a function and print its response.")
    static final class Invoke implements Callable<Integer> {
        @Parameters(index = "0", description = "Function name or ARN.")
        String function;

        @Option(names = "--payload", description = "The event, as JSON (default {}).")
        String payload = "{}";

        @Option(names = "--log", description = "Also print the invocation's log tail to stderr.")
        boolean log;

        @CommandLine.Mixin
        NodeOptions nodeOptions;

        @Override
        public Integer call() throws Exception {
            NodeClient client = nodeOptions.client();
            Map<String, String> headers = new HashMap<>();
            headers.put("Content-Type", "application/json");
            if (log) {
                headers.put("X-Amz-Log-Type", "Tail");
            }
            var response = client.send(
                    "POST",
                    "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations",
                    headers,
                    payload.getBytes(StandardCharsets.UTF_8),
                    "lambda");
            System.out.println(new String(response.body(), StandardCharsets.UTF_8));
            response.headers()
                    .firstValue("X-Amz-Log-Result")
                    .ifPresent(tail ->
                            System.err.print(new String(Base64.getDecoder().decode(tail), StandardCharsets.UTF_8)));
            boolean failed = response.statusCode() >= 300
                    || response.headers().firstValue("X-Amz-Function-Error").isPresent();
            return failed ? 1 : 0;
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a function's log events.")
    static final class Logs implements Callable<Integer> {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        @Parameters(index = "0", description = "Function name.")
        String function;

        @Option(
                names = {"-f", "--follow"},
                description = "Keep printing new events.")
        boolean follow;

        @Option(names = "--since", description = "How far back to start, e.g. 10m, 2h, 1d (default: all).")
        String since;

        @CommandLine.Mixin
        NodeOptions nodeOptions;

        @Override
        public Integer call() throws Exception {
            NodeClient client = nodeOptions.client();
            ObjectMapper json = new ObjectMapper();
            long start = since == null ? 0 : Instant.now().minus(parse(since)).toEpochMilli();
            int seenAtStart = 0;
            while (true) {
                var request = json.createObjectNode()
                        .put("logGroupName", "/aws/lambda/" + function)
                        .put("startTime", start);
                var response = client.send(
                        "POST",
                        "/",
                        Map.of(
                                "Content-Type",
                                "application/x-amz-json-1.1",
                                "X-Amz-Target",
                                "Logs_20140328.FilterLogEvents"),
                        json.writeValueAsBytes(request),
                        "logs");
                JsonNode body = json.readTree(response.body());
                if (response.statusCode() != 200) {
                    if (!follow || !body.path("__type").asText().equals("ResourceNotFoundException")) {
                        System.err.println(body.path("message").asText(body.toString()));
                        return 1;
                    }
                } else {
                    List<JsonNode> events = new java.util.ArrayList<>();
                    body.path("events").forEach(events::add);
                    int skip = 0;
                    for (JsonNode e : events) {
                        if (e.path("timestamp").asLong() == start && skip < seenAtStart) {
                            skip++;
                            continue;
                        }
                        System.out.println(TIME.format(
                                        Instant.ofEpochMilli(e.path("timestamp").asLong())) + " "
                                + e.path("message").asText());
                    }
                    if (!events.isEmpty()) {
                        long last = events.getLast().path("timestamp").asLong();
                        int atLast = (int) events.stream()
                                .filter(e -> e.path("timestamp").asLong() == last)
                                .count();
                        seenAtStart = last == start ? seenAtStart + atLast - skip : atLast;
                        start = last;
                    }
                }
                System.out.flush();
                if (!follow) {
                    return 0;
                }
                Thread.sleep(500);
            }
        }

        private static Duration parse(String text) {
            return Since.duration(text);
        }
    }
}
