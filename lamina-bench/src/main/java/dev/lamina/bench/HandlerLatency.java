package dev.lamina.bench;

import dev.lamina.it.Zips;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * How long an event takes from the service's answer to the start of the function it triggers, on the
 * node: an object put into a bucket whose notification invokes the function (asynchronously, through
 * the durable queue), and a message sent to a queue mapped to the function (BatchSize 1).
 *
 * <p>The handler reads the wall clock first thing and prints it with the event's tag
 * ({@code HANDLER_START <tag> <epoch ns>}); the benchmark reads the wall clock the moment the
 * service's answer has been read, and later collects the lines from the function's log group. Both
 * clocks are this machine's {@code CLOCK_REALTIME} (a sandbox shares it), so there is no skew to
 * correct. Events are sent one at a time with a pause after each answer, so that one event's
 * invocation is over before the next is sent and what is measured is the path, not a queue.
 */
final class HandlerLatency {
    /** What the function runs: the start time first, then one line per record. */
    static final String HANDLER = """
            import time
            def handler(event, context):
                started = time.time_ns()
                if "tag" in event:
                    print("HANDLER_START %s %d" % (event["tag"], started))
                for record in event.get("Records", []):
                    tag = record["s3"]["object"]["key"] if "s3" in record else record["body"]
                    print("HANDLER_START %s %d" % (tag, started))
            """;

    static final String MARK = "HANDLER_START";

    /** One event source: sends the event tagged {@code tag} and returns once the service answered. */
    interface Source {
        void send(HttpConnection connection, String tag) throws IOException;
    }

    /**
     * One run's latencies in milliseconds, in the order sent.
     *
     * @param missing events whose handler start did not show up in the logs within 30 s
     * @param negative events whose handler started before the client had read the service's answer
     * @param missingTags the first few missing events' tags
     * @param invocations how many invocations of the function ended since the run began (its REPORT
     *     lines): tells a missing event that never ran from one whose line did not reach the logs
     * @param environments how many execution environments the function has started so far (log streams)
     */
    record Run(
            List<Double> millis,
            int missing,
            int negative,
            List<String> missingTags,
            int invocations,
            int environments) {
        double percentile(double p) {
            List<Double> sorted = millis.stream().sorted().toList();
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.size());
            return sorted.get(Math.max(0, rank - 1));
        }
    }

    private final ControlPlane control;
    private final URI endpoint;
    private final Clock clock;
    private final long pauseNanos;

    HandlerLatency(ControlPlane control, URI endpoint, Clock clock, long pauseNanos) {
        this.control = control;
        this.endpoint = endpoint;
        this.clock = clock;
        this.pauseNanos = pauseNanos;
    }

    static byte[] functionZip() {
        return Zips.of("app.py", HANDLER).bytes();
    }

    /**
     * How late each of {@code count} one-time schedules, due at whole seconds from two seconds on,
     * started the function: its handler's start minus the schedule's time, in milliseconds.
     */
    Run scheduled(ServiceApi api, String function, String prefix, int count) throws IOException, InterruptedException {
        long since = clock.millis() - 1000;
        String arn = api.functionArn(function);
        Instant first = clock.instant().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, Long> due = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tag = prefix + "-" + i;
            Instant at = first.plusSeconds(i);
            api.scheduleAt("bench-" + tag, at, arn, "{\"tag\":\"" + tag + "\"}");
            due.put(tag, epochNanos(at));
            order.add(tag);
        }
        Map<String, Long> started = awaitStarts(function, since, count, prefix, 30 + count);
        return runOf(function, since, order, due, started);
    }

    /** Sends {@code events} events tagged {@code prefix-<i>} and waits for their handler starts. */
    Run measure(String function, Source source, String prefix, int events) throws IOException, InterruptedException {
        long since = clock.millis() - 1000;
        Map<String, Long> answered = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (HttpConnection connection = new HttpConnection(endpoint.getHost(), endpoint.getPort())) {
            for (int i = 0; i < events; i++) {
                String tag = prefix + "-" + i;
                source.send(connection, tag);
                answered.put(tag, epochNanos(clock.instant()));
                order.add(tag);
                LockSupport.parkNanos(pauseNanos);
            }
        }
        Map<String, Long> started =
                awaitStarts(function, since, answered.keySet().size(), prefix, 30);
        return runOf(function, since, order, answered, started);
    }

    /** Each event's handler start minus its reference time (its answer, or its schedule's time). */
    private Run runOf(
            String function, long since, List<String> order, Map<String, Long> reference, Map<String, Long> started)
            throws IOException, InterruptedException {
        int events = order.size();
        Map<String, Long> answered = reference;
        List<Double> millis = new ArrayList<>();
        List<String> missingTags = new ArrayList<>();
        int negative = 0;
        for (String tag : order) {
            Long start = started.get(tag);
            if (start == null) {
                if (missingTags.size() < 5) {
                    missingTags.add(tag);
                }
            } else {
                double ms = (start - answered.get(tag)) / 1e6;
                negative += ms < 0 ? 1 : 0;
                millis.add(ms);
            }
        }
        int invocations = control.messages(function, since, "REPORT").size();
        return new Run(
                millis,
                events - millis.size(),
                negative,
                missingTags,
                invocations,
                control.environmentsStarted(function));
    }

    /** The handler starts of events tagged {@code prefix-…}, waiting up to {@code seconds} for {@code expected} of them. */
    private Map<String, Long> awaitStarts(String function, long since, int expected, String prefix, int seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            Map<String, Long> found = new HashMap<>();
            for (String message : control.messages(function, since, MARK)) {
                String[] parts = message.strip().split(" ");
                if (parts.length == 3 && parts[0].equals(MARK) && parts[1].startsWith(prefix + "-")) {
                    found.putIfAbsent(parts[1], Long.parseLong(parts[2]));
                }
            }
            if (found.size() >= expected || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(200);
        }
    }

    /** PutObject of a small object named by the tag; the answer must be 200. */
    static Source putObject(URI endpoint, String bucket) {
        byte[] body = "event".getBytes(StandardCharsets.UTF_8);
        String sha256 = ServiceOps.sha256(body);
        return (connection, tag) -> {
            String path = "/" + bucket + "/" + tag;
            Map<String, String> headers = Map.of("Content-Type", "text/plain", "x-amz-content-sha256", sha256);
            expect200(
                    connection.exchange(connection.request(
                            "PUT", path, body, Signing.sign("PUT", endpoint.resolve(path), body, headers, "s3"))),
                    "PutObject");
        };
    }

    /** SendMessage whose body is the tag; the answer must be 200. */
    static Source sendMessage(URI endpoint, String queueUrl) {
        Map<String, String> headers =
                Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", "AmazonSQS.SendMessage");
        return (connection, tag) -> {
            byte[] body = ("{\"QueueUrl\":\"" + queueUrl + "\",\"MessageBody\":\"" + tag + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            expect200(
                    connection.exchange(connection.request(
                            "POST", "/", body, Signing.sign("POST", endpoint.resolve("/"), body, headers, "sqs"))),
                    "SendMessage");
        };
    }

    private static void expect200(HttpConnection.Response response, String operation) throws IOException {
        if (response.status() != 200) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "%s answered %d: %s",
                    operation,
                    response.status(),
                    ServiceLoad.abbreviate(response.bodyText())));
        }
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
