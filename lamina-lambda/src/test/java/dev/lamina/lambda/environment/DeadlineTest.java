package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.lambda.ManualTime;
import dev.lamina.spi.lambda.InvocationTrace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    private static final InvocationTrace TRACE =
            new InvocationTrace("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", null, false);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ManualTime time = new ManualTime();
    private final List<Invocation> expired = new ArrayList<>();
    /** Timeout 3 s, init limit 10 s. */
    private final Deadline deadline = new Deadline(3_000, 10_000, time, time, expired::add);

    private static Invocation invocation() {
        return new Invocation("id-1", new byte[0], "arn", null, TRACE, false);
    }

    @Test
    void aWarmInvocationExpiresOneTimeoutAfterItWasTaken() {
        Invocation invocation = invocation();
        deadline.watch(invocation, false);
        time.advance(SECOND / 2);
        invocation.delivered().complete(time.nanoTime());
        time.advance(3 * SECOND - 1);
        assertEquals(List.of(), expired, "taken half a second in: its 3 s run until 3.5 s");
        time.advance(1);
        assertEquals(List.of(invocation), expired, "expired at 3.5 s exactly");
        assertEquals(List.of(), time.pending());
    }

    @Test
    void aColdInvocationTakenDuringInitGetsItsWholeTimeoutFromThen() {
        Invocation invocation = invocation();
        deadline.watch(invocation, true);
        time.advance(2 * SECOND);
        invocation.delivered().complete(time.nanoTime());
        time.advance(3 * SECOND - 1);
        assertEquals(List.of(), expired);
        time.advance(1);
        assertEquals(List.of(invocation), expired, "init took 2 s, then the 3 s timeout");
    }

    @Test
    void aColdInvocationNeverTakenExpiresAtTheInitLimit() {
        Invocation invocation = invocation();
        deadline.watch(invocation, true);
        time.advance(10 * SECOND - 1);
        assertEquals(List.of(), expired);
        time.advance(1);
        assertEquals(List.of(invocation), expired);
    }

    @Test
    void anAnsweredOrCancelledInvocationDoesNotExpire() {
        Invocation answered = invocation();
        deadline.watch(answered, false);
        answered.result().complete(new RuntimeResult.Streamed("text/plain"));
        Invocation cancelled = invocation();
        deadline.watch(cancelled, false).cancel();
        time.advance(60 * SECOND);
        assertEquals(List.of(), expired);
    }

    @Test
    void itsErrorAndLogLineAreLambdas() {
        Invocation invocation = invocation();
        RuntimeResult.PlatformError error = deadline.timedOut(invocation);
        assertEquals("Sandbox.Timedout", error.errorType());
        assertEquals(
                "{\"errorMessage\":\"RequestId: id-1 Error: Task timed out after 3.00 seconds\","
                        + "\"errorType\":\"Sandbox.Timedout\"}",
                new String(error.body(), StandardCharsets.UTF_8));
        assertEquals(
                "2026-01-02T03:04:05.678Z id-1 Task timed out after 3.00 seconds",
                deadline.timedOutLine(invocation, Instant.parse("2026-01-02T03:04:05.678Z")));
    }

    @Test
    void aLogTailWaitsUntilTheDeadlineButAtLeastTwoSeconds() {
        Invocation invocation = invocation();
        assertEquals(2_000, deadline.tailWaitMillis(invocation), "never taken");
        invocation.delivered().complete(time.nanoTime());
        assertEquals(3_000, deadline.tailWaitMillis(invocation));
        time.advance(2 * SECOND);
        assertEquals(2_000, deadline.tailWaitMillis(invocation));
    }
}
