package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * The queue's promise under the worst stop there is: a node process killed with SIGKILL while
 * events are running and many more are queued loses none of them. The function reports to a
 * collector in this test when it starts and when it is done with each event, so what was delivered
 * is known from outside the node.
 */
class AsyncDurabilityIT {
    static final int EVENTS = 40;

    /** What the function tells: "start"/"done" of each event id. */
    Collector collector;

    @Test
    void sigkillWithEventsQueuedAndRunningLosesNone() throws Exception {
        Path data = Files.createTempDirectory("lamina-durable-");
        collector = new Collector();
        NodeProcess first = null;
        NodeProcess second = null;
        try {
            first = NodeProcess.start(
                    data.resolve("first.out"), "--network", "host", "--port", "0", "--data-dir", data.toString());
            try (LambdaClient lambda = first.lambda()) {
                Functions.create(
                        lambda,
                        Functions.request("dur-slow", "python3.11", "app.handler", Functions.python("""
                                        import time, urllib.request
                                        def tell(event, what):
                                            url = "http://127.0.0.1:%d/%s/%s" % (event["collector"], what, event["id"])
                                            urllib.request.urlopen(urllib.request.Request(url, data=b""), timeout=10).read()
                                        def handler(event, context):
                                            tell(event, "start")
                                            time.sleep(1)
                                            tell(event, "done")
                                        """))
                                .timeout(30)
                                .build());
                lambda.putFunctionConcurrency(b -> b.functionName("dur-slow").reservedConcurrentExecutions(3));
                int port = collector.port();
                for (int i = 0; i < EVENTS; i++) {
                    String event = "{\"id\": \"e" + i + "\", \"collector\": " + port + "}";
                    assertEquals(
                            202,
                            lambda.invoke(b -> b.functionName("dur-slow")
                                            .invocationType(InvocationType.EVENT)
                                            .payload(SdkBytes.fromUtf8String(event)))
                                    .statusCode());
                }
            }
            AsyncLogs.awaitTrue(
                    () -> ids("done").size() >= 4 && inFlight().size() >= 1,
                    Duration.ofSeconds(90),
                    "events did not start running");
            first.kill();
            Set<String> runningAtKill = inFlight();
            int doneAtKill = ids("done").size();
            assertTrue(EVENTS - ids("start").size() > 0, "some events were still queued when the node was killed");

            second = NodeProcess.start(
                    data.resolve("second.out"), "--network", "host", "--port", "0", "--data-dir", data.toString());
            try {
                AsyncLogs.awaitTrue(() -> ids("done").size() == EVENTS, Duration.ofSeconds(120), "delivery");
            } catch (AssertionError e) {
                throw new AssertionError("not every accepted event was delivered after the restart: missing "
                        + missing() + " (done before the kill: " + doneAtKill + ", running: " + runningAtKill
                        + "); the second node said:\n" + Files.readString(data.resolve("second.out")));
            }
            assertEquals(expected(), ids("done"));
        } finally {
            collector.close();
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            TestNode.deleteTree(data);
        }
    }

    private Set<String> ids(String what) {
        return collector.names(what);
    }

    private Set<String> inFlight() {
        Set<String> started = new HashSet<>(ids("start"));
        started.removeAll(ids("done"));
        return started;
    }

    private Set<String> expected() {
        Set<String> all = new TreeSet<>();
        IntStream.range(0, EVENTS).forEach(i -> all.add("e" + i));
        return all;
    }

    private List<String> missing() {
        Set<String> all = expected();
        all.removeAll(ids("done"));
        return List.copyOf(all);
    }
}
