package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.lambda.NetworkMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** Reserved and node-wide concurrency, throttling, and bursts of cold starts. */
class ConcurrencyIT {
    static TestNode node;
    static LambdaClient lambda;
    static ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        // Functions wait at a gate on the host's loopback: they share the host's network.
        node = TestNode.start(c -> c.withLimits(c.limits().withConcurrency(12)).withNetwork(NetworkMode.HOST));
        lambda = node.lambdaNoRetry();
    }

    @AfterAll
    static void stop() {
        callers.shutdownNow();
        lambda.close();
        node.close();
    }

    static void gated(String name) {
        Functions.create(
                lambda,
                Functions.request(name, "python3.11", "app.handler", Functions.python(Gate.PYTHON_HANDLER))
                        .timeout(60)
                        .build());
    }

    static Future<InvokeResponse> invokeLater(String name, String payload) {
        return callers.submit(() -> lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(payload))));
    }

    @Test
    void putGetDeleteReservedConcurrency() {
        Functions.create(
                lambda, "cc-api", "python3.11", "app.handler", Functions.python("def handler(e, c):\n    return 1\n"));
        assertNull(lambda.getFunctionConcurrency(r -> r.functionName("cc-api")).reservedConcurrentExecutions());
        assertEquals(
                3,
                lambda.putFunctionConcurrency(r -> r.functionName("cc-api").reservedConcurrentExecutions(3))
                        .reservedConcurrentExecutions());
        assertEquals(
                3, lambda.getFunctionConcurrency(r -> r.functionName("cc-api")).reservedConcurrentExecutions());
        assertEquals(
                3,
                lambda.getFunction(r -> r.functionName("cc-api")).concurrency().reservedConcurrentExecutions());
        var settings = lambda.getAccountSettings();
        assertEquals(12, settings.accountLimit().concurrentExecutions());
        assertEquals(9, settings.accountLimit().unreservedConcurrentExecutions());
        assertThrows(
                InvalidParameterValueException.class,
                () -> lambda.putFunctionConcurrency(
                        r -> r.functionName("cc-api").reservedConcurrentExecutions(12)));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.putFunctionConcurrency(
                        r -> r.functionName("cc-nothing").reservedConcurrentExecutions(1)));
        lambda.deleteFunctionConcurrency(r -> r.functionName("cc-api"));
        assertNull(lambda.getFunctionConcurrency(r -> r.functionName("cc-api")).reservedConcurrentExecutions());
        assertEquals(12, lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());
    }

    @Test
    void reservedZeroBlocksSynchronousInvokesButAcceptsEvents() {
        Functions.create(
                lambda, "cc-zero", "python3.11", "app.handler", Functions.python("def handler(e, c):\n    return 1\n"));
        lambda.putFunctionConcurrency(r -> r.functionName("cc-zero").reservedConcurrentExecutions(0));
        TooManyRequestsException e =
                assertThrows(TooManyRequestsException.class, () -> lambda.invoke(r -> r.functionName("cc-zero")));
        assertEquals(429, e.statusCode());
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", e.reasonAsString());
        assertEquals(
                202,
                lambda.invoke(r -> r.functionName("cc-zero").invocationType(InvocationType.EVENT))
                        .statusCode());
        lambda.deleteFunctionConcurrency(r -> r.functionName("cc-zero"));
        assertEquals(
                "1", lambda.invoke(r -> r.functionName("cc-zero")).payload().asUtf8String());
    }

    @Test
    void reservedConcurrencyCapsTheFunctionAndIsCarvedOutOfTheNode() throws Exception {
        gated("cc-reserved");
        gated("cc-others");
        lambda.putFunctionConcurrency(r -> r.functionName("cc-reserved").reservedConcurrentExecutions(8));
        try (Gate gate = new Gate()) {
            List<Future<InvokeResponse>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                running.add(invokeLater("cc-reserved", gate.event()));
            }
            gate.awaitArrivals(8);
            TooManyRequestsException reserved = assertThrows(
                    TooManyRequestsException.class,
                    () -> lambda.invoke(
                            r -> r.functionName("cc-reserved").payload(SdkBytes.fromUtf8String(gate.event()))));
            assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", reserved.reasonAsString());

            // 12 - 8 reserved = 4 left for every other function
            for (int i = 0; i < 4; i++) {
                running.add(invokeLater("cc-others", gate.event()));
            }
            gate.awaitArrivals(4);
            TooManyRequestsException node = assertThrows(
                    TooManyRequestsException.class,
                    () -> lambda.invoke(
                            r -> r.functionName("cc-others").payload(SdkBytes.fromUtf8String(gate.event()))));
            assertEquals("ConcurrentInvocationLimitExceeded", node.reasonAsString());
            assertTrue(node.awsErrorDetails()
                    .sdkHttpResponse()
                    .firstMatchingHeader("Retry-After")
                    .isPresent());

            gate.open();
            for (Future<InvokeResponse> f : running) {
                assertEquals("\"passed\"", f.get(60, TimeUnit.SECONDS).payload().asUtf8String());
            }
        } finally {
            lambda.deleteFunctionConcurrency(r -> r.functionName("cc-reserved"));
        }
    }

    @Test
    void aBurstToAColdFunctionStartsItsEnvironmentsInParallel() throws Exception {
        gated("cc-burst");
        try (Gate gate = new Gate()) {
            List<Future<InvokeResponse>> burst = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                burst.add(invokeLater("cc-burst", gate.event()));
            }
            // All ten wait at the gate together: ten environments, started a few at a time (decision 58)
            // as the starts before them end, never waiting for another invocation to finish.
            gate.awaitArrivals(10);
            assertEquals(10, environmentCount("cc-burst"));
            gate.open();
            for (Future<InvokeResponse> f : burst) {
                InvokeResponse r = f.get(60, TimeUnit.SECONDS);
                assertNull(r.functionError(), r.payload().asUtf8String());
            }
        }
    }

    @Test
    void idleEnvironmentsScaleToZero() throws Exception {
        try (TestNode own =
                TestNode.start(c -> c.withLimits(c.limits().withIdleMillis(300)).withNetwork(NetworkMode.HOST))) {
            Functions.create(
                    own.lambda(),
                    "cc-idle",
                    "python3.11",
                    "app.handler",
                    Functions.python("def handler(event, context):\n    return context.log_stream_name\n"));
            String stream = own.lambda()
                    .invoke(r -> r.functionName("cc-idle"))
                    .payload()
                    .asUtf8String();
            String env = Sandboxes.environmentId(stream.replace("\"", ""));
            Sandboxes.awaitNothingLeft(env);
            String next = own.lambda()
                    .invoke(r -> r.functionName("cc-idle"))
                    .payload()
                    .asUtf8String();
            assertFalse(next.equals(stream), "the next invoke is a cold start in a new environment");
        }
    }

    @Test
    void theMemoryBudgetEvictsTheLeastRecentlyUsedIdleEnvironment() throws Exception {
        try (TestNode own = TestNode.start(
                c -> c.withLimits(c.limits().withMemoryBudgetMb(384)).withNetwork(NetworkMode.HOST))) {
            LambdaClient l = own.lambdaNoRetry();
            List<String> envs = new ArrayList<>();
            for (String name : List.of("cc-mem-a", "cc-mem-b", "cc-mem-c")) {
                Functions.create(
                        l,
                        name,
                        "python3.11",
                        "app.handler",
                        Functions.python("def handler(event, context):\n    return context.log_stream_name\n"));
                envs.add(Sandboxes.environmentId(l.invoke(r -> r.functionName(name))
                        .payload()
                        .asUtf8String()
                        .replace("\"", "")));
            }
            l.invoke(r -> r.functionName("cc-mem-a")); // a is now used more recently than b
            Functions.create(l, "cc-mem-d", "python3.11", "app.handler", Functions.python(Gate.PYTHON_HANDLER));
            try (Gate gate = new Gate()) {
                Future<InvokeResponse> d = callers.submit(
                        () -> l.invoke(r -> r.functionName("cc-mem-d").payload(SdkBytes.fromUtf8String(gate.event()))));
                gate.awaitArrivals(1);
                Sandboxes.awaitNothingLeft(envs.get(1));
                assertTrue(Sandboxes.leftBehind(envs.get(0)) || !own.isolated(), "a was used recently and stays");
                assertTrue(Sandboxes.leftBehind(envs.get(2)) || !own.isolated(), "c stays");
                gate.open();
                assertEquals("\"passed\"", d.get(60, TimeUnit.SECONDS).payload().asUtf8String());
            }
            l.close();
        }
    }

    private static long environmentCount(String function) {
        try (var logs = node.logs()) {
            return logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/" + function))
                    .logStreams()
                    .size();
        }
    }
}
