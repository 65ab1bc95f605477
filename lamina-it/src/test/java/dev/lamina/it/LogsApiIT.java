package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ApplicationLogLevel;
import software.amazon.awssdk.services.lambda.model.LogFormat;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.LoggingConfig;
import software.amazon.awssdk.services.lambda.model.SystemLogLevel;

/**
 * The CloudWatch Logs API a user writes and reads their own logs with: CreateLogStream and
 * PutLogEvents, FilterLogEvents with filter patterns, GetLogEvents paged by its tokens,
 * DescribeLogStreams' orders, through the SDK v2 and through {@code aws logs}, including {@code aws
 * logs tail --follow} seeing an event written while it runs.
 */
class LogsApiIT extends NodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    private static List<String> messages(List<FilteredLogEvent> events) {
        return events.stream().map(FilteredLogEvent::message).toList();
    }

    @Test
    void usersWriteEventsAndFindThemWithFilterPatterns() {
        long now = System.currentTimeMillis();
        try (CloudWatchLogsClient logs = node.logs()) {
            logs.createLogGroup(b -> b.logGroupName("/app/orders"));
            logs.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("web-1"));
            logs.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("web-2"));
            PutLogEventsResponse put = logs.putLogEvents(b -> b.logGroupName("/app/orders")
                    .logStreamName("web-1")
                    .logEvents(
                            event(now - 3000, "{\"level\":\"ERROR\",\"latency\":250,\"path\":\"/orders/7\"}"),
                            event(now - 2000, "{\"level\":\"INFO\",\"latency\":12,\"path\":\"/health\"}"),
                            event(now - 1000, "WARN disk at 91%")));
            assertNotNull(put.nextSequenceToken());
            assertEquals(null, put.rejectedLogEventsInfo());
            logs.putLogEvents(b -> b.logGroupName("/app/orders")
                    .logStreamName("web-2")
                    .logEvents(event(now - 2500, "[ERROR] payment declined"), event(now - 500, "INFO done")));

            assertEquals(
                    List.of("{\"level\":\"ERROR\",\"latency\":250,\"path\":\"/orders/7\"}"),
                    messages(logs.filterLogEvents(b -> b.logGroupName("/app/orders")
                                    .filterPattern("{ $.level = \"ERROR\" && $.latency > 100 }"))
                            .events()));
            assertEquals(
                    List.of("[ERROR] payment declined", "WARN disk at 91%"),
                    messages(logs.filterLogEvents(
                                    b -> b.logGroupName("/app/orders").filterPattern("?payment ?WARN"))
                            .events()));
            assertEquals(
                    List.of("{\"level\":\"ERROR\",\"latency\":250,\"path\":\"/orders/7\"}"),
                    messages(logs.filterLogEvents(
                                    b -> b.logGroupName("/app/orders").filterPattern("ERROR -payment"))
                            .events()));
            InvalidParameterException bad = assertThrows(
                    InvalidParameterException.class,
                    () -> logs.filterLogEvents(
                            b -> b.logGroupName("/app/orders").filterPattern("{ $.level = }")));
            assertTrue(bad.awsErrorDetails().errorMessage().startsWith("Invalid filter pattern"), bad.getMessage());

            // Paged by two, every event once, in time order across both streams.
            List<String> paged = new ArrayList<>();
            logs.filterLogEventsPaginator(b -> b.logGroupName("/app/orders").limit(2))
                    .events()
                    .forEach(e -> paged.add(e.message()));
            assertEquals(5, paged.size());
            assertEquals("[ERROR] payment declined", paged.get(1));

            List<String> stream = new ArrayList<>();
            logs.getLogEventsPaginator(b -> b.logGroupName("/app/orders")
                            .logStreamName("web-1")
                            .startFromHead(true)
                            .limit(2))
                    .events()
                    .forEach(e -> stream.add(e.message()));
            assertEquals(3, stream.size());
            assertEquals("WARN disk at 91%", stream.get(2));
            List<OutputLogEvent> last = logs.getLogEvents(b ->
                            b.logGroupName("/app/orders").logStreamName("web-1").limit(1))
                    .events();
            assertEquals("WARN disk at 91%", last.getFirst().message());

            List<LogStream> byTime = logs.describeLogStreams(b -> b.logGroupName("/app/orders")
                            .orderBy(OrderBy.LAST_EVENT_TIME)
                            .descending(true))
                    .logStreams();
            assertEquals(
                    List.of("web-2", "web-1"),
                    byTime.stream().map(LogStream::logStreamName).toList());
            assertEquals(now - 500, byTime.getFirst().lastEventTimestamp());
            assertEquals(now - 2500, byTime.getFirst().firstEventTimestamp());
            assertThrows(
                    InvalidParameterException.class,
                    () -> logs.describeLogStreams(b -> b.logGroupName("/app/orders")
                            .orderBy(OrderBy.LAST_EVENT_TIME)
                            .logStreamNamePrefix("web")));

            logs.deleteLogStream(b -> b.logGroupName("/app/orders").logStreamName("web-2"));
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> logs.putLogEvents(b -> b.logGroupName("/app/orders")
                            .logStreamName("web-2")
                            .logEvents(event(now, "to a stream that is gone"))));
        }
    }

    @Test
    void putLogEventsRefusesDisorderAndReportsEventsOutOfRange() {
        long now = System.currentTimeMillis();
        try (CloudWatchLogsClient logs = node.logs()) {
            logs.createLogGroup(b -> b.logGroupName("/app/batch"));
            logs.createLogStream(b -> b.logGroupName("/app/batch").logStreamName("s"));
            InvalidParameterException disorder = assertThrows(
                    InvalidParameterException.class,
                    () -> logs.putLogEvents(b -> b.logGroupName("/app/batch")
                            .logStreamName("s")
                            .logEvents(event(now, "second"), event(now - 1, "first"))));
            assertEquals(
                    "Log events in a single PutLogEvents request must be in chronological order.",
                    disorder.awsErrorDetails().errorMessage());
            PutLogEventsResponse r = logs.putLogEvents(b -> b.logGroupName("/app/batch")
                    .logStreamName("s")
                    .logEvents(event(now, "kept"), event(now + 3 * 3_600_000, "three hours ahead")));
            assertEquals(1, r.rejectedLogEventsInfo().tooNewLogEventStartIndex());
            assertEquals(
                    List.of("kept"),
                    messages(logs.filterLogEvents(b -> b.logGroupName("/app/batch"))
                            .events()));
        }
    }

    /** Logs at three levels through Python's logging module, which the runtime formats. */
    private static final String LEVELS = """
            import logging
            def handler(event, context):
                logging.getLogger().info("below the level")
                logging.getLogger().warning("at the level")
                return "ok"
            """;

    @Test
    void aFunctionsLoggingConfigSetsItsFormatLevelAndGroup() throws Exception {
        Functions.create(
                lambda,
                Functions.request("json-logs", "python3.11", "app.handler", Functions.python(LEVELS))
                        .loggingConfig(c -> c.logFormat(LogFormat.JSON)
                                .applicationLogLevel(ApplicationLogLevel.WARN)
                                .logGroup("/shared/json-logs"))
                        .build());
        LoggingConfig config = lambda.getFunctionConfiguration(b -> b.functionName("json-logs"))
                .loggingConfig();
        assertEquals(LogFormat.JSON, config.logFormat());
        assertEquals(ApplicationLogLevel.WARN, config.applicationLogLevel());
        assertEquals(SystemLogLevel.INFO, config.systemLogLevel());
        assertEquals("/shared/json-logs", config.logGroup());
        software.amazon.awssdk.services.lambda.model.InvalidParameterValueException textWithLevel = assertThrows(
                software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                () -> lambda.updateFunctionConfiguration(b -> b.functionName("json-logs")
                        .loggingConfig(c -> c.logFormat(LogFormat.TEXT).systemLogLevel(SystemLogLevel.WARN))));
        assertTrue(textWithLevel.getMessage().startsWith("LogLevel is not supported"), textWithLevel.getMessage());

        lambda.invoke(b -> b.functionName("json-logs"));
        try (CloudWatchLogsClient logs = node.logs()) {
            List<String> warnings = AsyncLogs.await(
                    () -> {
                        List<String> found = messages(logs.filterLogEvents(
                                        b -> b.logGroupName("/shared/json-logs").filterPattern("{ $.level = WARN* }"))
                                .events());
                        return found.isEmpty() ? null : found;
                    },
                    java.time.Duration.ofSeconds(10),
                    "the function's warning never reached its log group");
            JsonNode record = JSON.readTree(warnings.getFirst());
            assertEquals("at the level", record.path("message").asText());
            assertFalse(record.path("requestId").asText().isEmpty(), warnings.getFirst());
            assertEquals(
                    List.of(),
                    messages(logs.filterLogEvents(
                                    b -> b.logGroupName("/shared/json-logs").filterPattern("\"below the level\""))
                            .events()));

            // START and REPORT are JSON records too, and there is no END.
            List<String> reports = AsyncLogs.await(
                    () -> {
                        List<String> found = messages(logs.filterLogEvents(b -> b.logGroupName("/shared/json-logs")
                                        .filterPattern("{ $.type = \"platform.report\" && $.record.status = success }"))
                                .events());
                        return found.isEmpty() ? null : found;
                    },
                    java.time.Duration.ofSeconds(10),
                    "the invocation's platform.report record never reached the log group");
            JsonNode metrics = JSON.readTree(reports.getFirst()).path("record").path("metrics");
            assertTrue(metrics.path("billedDurationMs").asLong() >= 1, reports.getFirst());
            assertEquals(128, metrics.path("memorySizeMB").asInt(), reports.getFirst());
            assertEquals(
                    1,
                    logs.filterLogEvents(b -> b.logGroupName("/shared/json-logs")
                                    .filterPattern("{ $.type = \"platform.start\" }"))
                            .events()
                            .size());
            assertEquals(
                    List.of(),
                    messages(logs.filterLogEvents(b -> b.logGroupName("/shared/json-logs")
                                    .filterPattern("%^(START|END|REPORT) RequestId%"))
                            .events()));

            // SystemLogLevel WARN drops the platform records (INFO); the tail has the function's own lines.
            lambda.updateFunctionConfiguration(
                    b -> b.functionName("json-logs").loggingConfig(c -> c.systemLogLevel(SystemLogLevel.WARN)));
            lambda.waiter().waitUntilFunctionUpdatedV2(b -> b.functionName("json-logs"));
            String tail = new String(
                    java.util.Base64.getDecoder()
                            .decode(lambda.invoke(
                                            b -> b.functionName("json-logs").logType(LogType.TAIL))
                                    .logResult()),
                    StandardCharsets.UTF_8);
            assertTrue(tail.contains("at the level") && !tail.contains("platform."), tail);
            AsyncLogs.await(
                    () -> messages(logs.filterLogEvents(b -> b.logGroupName("/shared/json-logs")
                                                            .filterPattern("\"at the level\""))
                                                    .events())
                                            .size()
                                    == 2
                            ? true
                            : null,
                    java.time.Duration.ofSeconds(10),
                    "the second invocation's warning never reached the log group");
            assertEquals(
                    1,
                    logs.filterLogEvents(b -> b.logGroupName("/shared/json-logs")
                                    .filterPattern("{ $.type = \"platform.start\" }"))
                            .events()
                            .size());
        }
    }

    @Test
    void theCliFiltersWritesAndTails() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path home = Files.createDirectories(node.dataDir().resolve("logs-cli"));
        AwsCli aws = new AwsCli(node.endpoint(), home);
        long now = System.currentTimeMillis();
        try (CloudWatchLogsClient logs = node.logs()) {
            logs.createLogGroup(b -> b.logGroupName("/cli/app"));
            logs.createLogStream(b -> b.logGroupName("/cli/app").logStreamName("s"));
        }
        String events = JSON.writeValueAsString(List.of(
                java.util.Map.of("timestamp", now - 2000, "message", "{\"level\":\"ERROR\",\"msg\":\"boom\"}"),
                java.util.Map.of("timestamp", now - 1000, "message", "{\"level\":\"INFO\",\"msg\":\"fine\"}")));
        AwsCli.Result put = aws.run(
                "logs",
                "put-log-events",
                "--log-group-name",
                "/cli/app",
                "--log-stream-name",
                "s",
                "--log-events",
                events);
        assertEquals(0, put.exitCode(), put.stderr());

        // The follower's first poll and five-second wait overlap the commands below.
        try (Follower follower = new Follower(home)) {
            AwsCli.Result filtered = aws.run(
                    "logs",
                    "filter-log-events",
                    "--log-group-name",
                    "/cli/app",
                    "--filter-pattern",
                    "{ $.level = \"ERROR\" }");
            assertEquals(0, filtered.exitCode(), filtered.stderr());
            JsonNode found = JSON.readTree(filtered.stdout()).path("events");
            assertEquals(1, found.size(), filtered.stdout());
            assertEquals(
                    "{\"level\":\"ERROR\",\"msg\":\"boom\"}",
                    found.get(0).path("message").asText());

            AwsCli.Result tail = aws.run("logs", "tail", "/cli/app", "--filter-pattern", "INFO");
            assertEquals(0, tail.exitCode(), tail.stderr());
            assertTrue(tail.stdout().contains("{\"level\":\"INFO\",\"msg\":\"fine\"}"), tail.stdout());
            assertFalse(tail.stdout().contains("boom"), tail.stdout());

            follower.await("\"msg\":\"fine\"");
            try (CloudWatchLogsClient logs = node.logs()) {
                logs.putLogEvents(b -> b.logGroupName("/cli/app")
                        .logStreamName("s")
                        .logEvents(event(Math.max(now, System.currentTimeMillis()), "written while following")));
            }
            follower.await("written while following");
            assertEquals(1, follower.count("\"msg\":\"boom\""), follower.seen());
            assertEquals(1, follower.count("\"msg\":\"fine\""), follower.seen());
        }
    }

    /**
     * {@code aws logs tail --follow} on {@code /cli/app}, stopped on close. It polls FilterLogEvents
     * every five seconds from the newest timestamp it has seen, dropping the event ids it has shown:
     * what was there shows once, and an event written while it runs shows on its next poll.
     */
    private static final class Follower implements AutoCloseable {
        private final Process process;
        private final Thread reader;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Follower(Path home) throws java.io.IOException {
            process = new AwsCli(node.endpoint(), home)
                    .start("logs", "tail", "/cli/app", "--follow", "--format", "short");
            reader = Thread.ofVirtual().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    // the process was stopped
                }
            });
        }

        /** Takes lines until one contains {@code text}, for at most 15 s (three of the CLI's polls). */
        void await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.add(line);
                    if (line.contains(text)) {
                        return;
                    }
                }
            }
            throw new AssertionError("aws logs tail --follow never printed " + text + "; it printed:\n" + seen());
        }

        long count(String text) {
            return seen.stream().filter(l -> l.contains(text)).count();
        }

        String seen() {
            return String.join("\n", seen);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
                reader.join(5000);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
