package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Shutting an environment down is SIGTERM, a grace period of 2 s, then SIGKILL for every process
 * left, as Lambda's shutdown phase. Here the runtime catches SIGTERM and carries on, and a child it
 * started ignores it, so only the SIGKILL ends them: for each way an environment ends (the
 * function deleted, updated, idle too long, the node stopped) the test finds the processes by
 * their host pids, sees SIGTERM arrive, and measures how long they took to go.
 */
class ShutdownEscalationIT {
    static final long GRACE_MILLIS = 2_000;
    /** What may pass beyond the grace period: the scan for stragglers, SIGKILL and the reaping. */
    static final long SLACK_MILLIS = 3_000;

    static final String STUBBORN = HostProcesses.PYTHON_MARK + """
            import os, signal, subprocess, sys
            def on_term(signum, frame):
                print("SIGTERM received, ignored", flush=True)
            signal.signal(signal.SIGTERM, on_term)
            child = subprocess.Popen([sys.executable, "-c",
                "import ctypes, os, signal, time\\n"
                "ctypes.CDLL(None).prctl(15, ('lm-' + os.environ['LAMINA_IT_MARKER']).encode(), 0, 0, 0)\\n"
                "signal.signal(signal.SIGTERM, signal.SIG_IGN)\\nwhile True: time.sleep(1)"])
            def handler(event, context):
                return {"pid": os.getpid(), "child": child.pid}
            """;

    @Test
    void deletedUpdatedAndCodeUpdatedFunctionsAreKilledAfterTheGrace() throws Exception {
        try (TestNode node = TestNode.start()) {
            LambdaClient lambda = node.lambda();
            String deleted = deploy(lambda, "stubborn-delete");
            escalates(
                    node,
                    "stubborn-delete",
                    deleted,
                    () -> lambda.deleteFunction(b -> b.functionName("stubborn-delete")));

            String configured = deploy(lambda, "stubborn-config");
            escalates(
                    node,
                    "stubborn-config",
                    configured,
                    () -> lambda.updateFunctionConfiguration(
                            b -> b.functionName("stubborn-config").description("changed")));

            String coded = deploy(lambda, "stubborn-code");
            escalates(
                    node,
                    "stubborn-code",
                    coded,
                    () -> lambda.updateFunctionCode(b -> b.functionName("stubborn-code")
                            .zipFile(SdkBytes.fromByteArray(Functions.python(STUBBORN + "\n# changed\n")))));
        }
    }

    @Test
    void anIdleEnvironmentIsKilledAfterTheGraceEvenFrozen() throws Exception {
        try (TestNode node = TestNode.start(c -> c.withLimits(c.limits().withIdleMillis(1_000)))) {
            String marker = deploy(node.lambda(), "stubborn-idle");
            long start = System.nanoTime();
            long gone = awaitGone(marker, "the idle environment");
            long millis = TimeUnit.NANOSECONDS.toMillis(gone - start);
            assertTrue(millis >= 1_000 + GRACE_MILLIS - 100, "gone after " + millis + " ms: before idle + grace");
            assertTrue(millis <= 1_000 + GRACE_MILLIS + SLACK_MILLIS + 1_000, "gone only after " + millis + " ms");
            awaitSigtermLine(node, "stubborn-idle");
        }
    }

    @Test
    void aStoppedNodeKillsItsStubbornFunctionsBeforeItExits() throws Exception {
        Path data = Files.createTempDirectory("lamina-stop-");
        try (NodeProcess node =
                NodeProcess.start(data.resolve("node.out"), "--port", "0", "--data-dir", data.toString())) {
            String marker;
            try (LambdaClient lambda = node.lambda()) {
                marker = deploy(lambda, "stubborn-stop");
            }
            List<Long> pids = HostProcesses.marked(marker);
            long start = System.nanoTime();
            node.process().destroy(); // SIGTERM to the node
            assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), "the node did not stop");
            long exited = System.nanoTime();
            assertEquals(List.of(), HostProcesses.marked(marker), "left running by the stopped node: " + pids);
            long millis = TimeUnit.NANOSECONDS.toMillis(exited - start);
            assertTrue(millis >= GRACE_MILLIS - 100, "the node exited after " + millis + " ms, within the grace");
            assertTrue(node.output().contains("Lamina node ready"), node.output());
        } finally {
            TestNode.deleteTree(data);
        }
    }

    /**
     * A node stopped while an environment it retired (its function just deleted) is still in its
     * grace period waits for that SIGKILL too, rather than exiting and leaving the runtime running.
     * Plain processes (no sandbox), which nothing else would end with the node.
     */
    @Test
    void aNodeStoppedDuringAGracePeriodStillEndsWithTheSigkill() throws Exception {
        Path data = Files.createTempDirectory("lamina-stop-grace-");
        String marker = null;
        try (NodeProcess node = NodeProcess.start(
                data.resolve("node.out"), "--port", "0", "--data-dir", data.toString(), "--no-sandbox")) {
            try (LambdaClient lambda = node.lambda()) {
                marker = deploy(lambda, "stubborn-grace");
                lambda.deleteFunction(b -> b.functionName("stubborn-grace")); // SIGTERM now, SIGKILL in 2 s
            }
            node.process().destroy(); // SIGTERM to the node, within that grace period
            assertTrue(node.process().waitFor(60, TimeUnit.SECONDS), "the node did not stop");
            assertEquals(List.of(), HostProcesses.marked(marker), "left running by the stopped node");
        } finally {
            if (marker != null) { // what a failure left behind
                HostProcesses.marked(marker)
                        .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            }
            TestNode.deleteTree(data);
        }
    }

    /** Creates the function with a marker of its own, runs it once, and returns the marker. */
    private static String deploy(LambdaClient lambda, String name) {
        String marker = HostProcesses.newMarker();
        Functions.create(
                lambda,
                Functions.request(name, "python3.11", "app.handler", Functions.python(STUBBORN))
                        .environment(e -> e.variables(Map.of(HostProcesses.VARIABLE, marker)))
                        .build());
        var r = lambda.invoke(b -> b.functionName(name));
        assertEquals(null, r.functionError(), r.payload().asUtf8String());
        assertTrue(HostProcesses.marked(marker).size() >= 2, "the runtime and its child run");
        return marker;
    }

    private static void escalates(TestNode node, String function, String marker, Runnable trigger) throws Exception {
        List<Long> pids = HostProcesses.marked(marker);
        long start = System.nanoTime();
        trigger.run();
        long millis = TimeUnit.NANOSECONDS.toMillis(awaitGone(marker, function + " " + pids) - start);
        assertTrue(millis >= GRACE_MILLIS - 100, function + ": gone after " + millis + " ms, within the grace");
        assertTrue(millis <= GRACE_MILLIS + SLACK_MILLIS, function + ": gone only after " + millis + " ms");
        awaitSigtermLine(node, function);
    }

    /** Waits (polling) until no process carries the marker; returns when that was seen. */
    private static long awaitGone(String marker, String what) throws InterruptedException {
        AsyncLogs.awaitTrue(() -> HostProcesses.marked(marker).isEmpty(), Duration.ofSeconds(30), what + " still runs");
        return System.nanoTime();
    }

    /** SIGTERM came first: the runtime said it got one (and lived on until the SIGKILL). */
    private static void awaitSigtermLine(TestNode node, String function) throws InterruptedException {
        AsyncLogs.awaitTrue(
                () -> !AsyncLogs.lines(node, function, "SIGTERM received").isEmpty(),
                Duration.ofSeconds(10),
                function + ": the runtime never logged the SIGTERM");
        assertFalse(AsyncLogs.lines(node, function, "SIGTERM received").size() > 1);
    }
}
