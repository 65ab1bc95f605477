package dev.lamina.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * What asynchronous invocations left in functions' logs: the functions these tests deploy print
 * one tagged line per attempt ({@code ATTEMPT <request id> <epoch seconds>}), and the destination
 * function prints each invocation record it receives ({@code RECORD <json>}).
 */
final class AsyncLogs {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A destination: prints the invocation record it was sent, on one line. */
    static final String RECORDER = """
            import json
            def handler(event, context):
                print("RECORD " + json.dumps(event))
            """;

    /** Prints its attempt, then fails with "boom". */
    static final String FAILING = """
            import time
            def handler(event, context):
                print("ATTEMPT %s %.3f" % (context.aws_request_id, time.time()))
                raise Exception("boom")
            """;

    private AsyncLogs() {}

    /** The messages in a function's log group that start with {@code prefix}, without it. */
    static List<String> lines(TestNode node, String function, String prefix) {
        List<String> out = new ArrayList<>();
        try (var logs = node.logs()) {
            for (FilteredLogEvent e : logs.filterLogEventsPaginator(r -> r.logGroupName("/aws/lambda/" + function))
                    .events()) {
                if (e.message().startsWith(prefix)) {
                    out.add(e.message().substring(prefix.length()).strip());
                }
            }
        } catch (ResourceNotFoundException e) {
            // the log group appears with the function's first line
        }
        return out;
    }

    /**
     * The events {@code function} printed ({@code BATCH <event>}), in the order it ran them: by the
     * {@code at} (epoch nanoseconds) its handler adds, as lines from different environments' streams
     * are stamped when the node reads them and may interleave out of order.
     */
    static List<JsonNode> batches(TestNode node, String function) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines(node, function, "BATCH ")) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.sort(java.util.Comparator.comparingLong(e -> e.path("at").asLong()));
        return out;
    }

    /** Every record {@code function} received, in the order it ran its batches. */
    static List<JsonNode> batchRecords(TestNode node, String function) {
        List<JsonNode> out = new ArrayList<>();
        batches(node, function).forEach(e -> e.get("Records").forEach(out::add));
        return out;
    }

    /** The ATTEMPT lines of one request id: each one's epoch seconds. */
    static List<Double> attempts(TestNode node, String function, String requestId) {
        List<Double> out = new ArrayList<>();
        for (String line : lines(node, function, "ATTEMPT ")) {
            String[] parts = line.split(" ");
            if (parts[0].equals(requestId)) {
                out.add(Double.parseDouble(parts[1]));
            }
        }
        return out;
    }

    /** The invocation records a destination has received. */
    static List<JsonNode> records(TestNode node, String destination) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines(node, destination, "RECORD ")) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Waits for the record of {@code requestId} at {@code destination}. */
    static JsonNode awaitRecord(TestNode node, String destination, String requestId, Duration timeout)
            throws InterruptedException {
        return await(
                () -> records(node, destination).stream()
                        .filter(r -> r.path("requestContext")
                                .path("requestId")
                                .asText()
                                .equals(requestId))
                        .findFirst()
                        .orElse(null),
                timeout,
                "no invocation record for " + requestId + " reached " + destination);
    }

    /** Polls {@code probe} every 100 ms until it answers non-null. */
    static <T> T await(java.util.function.Supplier<T> probe, Duration timeout, String failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Polls until {@code condition} holds. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String failure)
            throws InterruptedException {
        await(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeout, failure);
    }
}
