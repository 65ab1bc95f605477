package dev.lamina.lambda.environment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.lambda.environment.Lifecycle.Effect;
import dev.lamina.lambda.environment.Lifecycle.Event;
import dev.lamina.lambda.environment.Lifecycle.State;
import dev.lamina.lambda.environment.Lifecycle.Step;
import dev.lamina.lambda.environment.Lifecycle.Unreported;
import dev.lamina.lambda.runtimeapi.RuntimeApiException;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import dev.lamina.spi.lambda.InvocationTrace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of {@link Lifecycle}, legal and illegal: no process, no socket, time as a number. */
class LifecycleTest {
    private static final InvocationTrace TRACE =
            new InvocationTrace("5759e988bd862e3fe1be46a994272793", "53995c3f42cd8ad8", null, false);
    /** A runtime's {@code GET /next}; {@code open} false once its connection is gone. */
    private record Next(String name, boolean open) implements RuntimeSession.Next {
        Next(String name) {
            this(name, true);
        }

        @Override
        public void deliver(RuntimeSession.Delivery delivery) {}

        @Override
        public void refuse(RuntimeApiException e) {}
    }

    private static final long T0 = 1_000;
    private static final long INIT = 250;
    private static final RuntimeResult OK = new RuntimeResult.Response(bytes("ok"), "application/json");

    private final Invocation one = invocation("one");
    private final Invocation two = invocation("two");
    private final Next next = new Next("next");

    private static Invocation invocation(String id) {
        return new Invocation(id, bytes("{}"), "arn", null, TRACE, false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Step step(State state, Event event, long now) {
        return Lifecycle.transition(state, event, now);
    }

    private static Step step(State state, Event event) {
        return step(state, event, T0 + 10_000);
    }

    private static State starting() {
        return new State.Starting(T0, null);
    }

    /** Initialised after a cold start, with the runtime's {@code next} waiting. */
    private State ready(RuntimeSession.Next... waiting) {
        return new State.Ready(List.of(waiting), -1, false, null);
    }

    private State running(Invocation invocation) {
        return new State.Running(invocation, T0, -1, List.of());
    }

    // ---- init ----

    /**
     * The runtime may call its API while its environment is still being built (before the environment
     * has its log and timers): until an invocation arrives, none of its calls may cause an effect.
     */
    @Test
    void aRuntimeStartingWithoutAnInvocationCausesNoEffects() {
        assertEquals(List.of(), step(starting(), new Event.Next(next)).effects());
        assertEquals(
                List.of(),
                step(starting(), new Event.InitError(bytes("{}"), "Runtime.X")).effects());
        assertEquals(List.of(), step(starting(), Lifecycle.FREEZE).effects());
        assertEquals(List.of(), step(starting(), Lifecycle.INIT_AWAITED).effects());
    }

    @Test
    void theFirstNextEndsInitAndTheFirstInvocationIsCold() {
        Step ready = step(starting(), new Event.Next(next), T0 + INIT);
        assertEquals(new State.Ready(List.of(next), INIT, false, null), ready.state());
        assertEquals(List.of(), ready.effects());

        Step running = step(ready.state(), new Event.Begin(one), T0 + INIT + 5);
        assertEquals(new State.Running(one, T0 + INIT + 5, INIT, List.of()), running.state());
        assertEquals(List.of(new Effect.Deliver(one, next, T0 + INIT + 5)), running.effects());
        assertTrue(Lifecycle.cold(running.state()));
    }

    @Test
    void anInvocationBroughtDuringInitIsDeliveredByTheFirstNext() {
        Step pending = step(starting(), new Event.Begin(one));
        assertEquals(new State.Starting(T0, one), pending.state());
        assertEquals(List.of(), pending.effects());
        assertTrue(Lifecycle.cold(pending.state()));
        assertFalse(Lifecycle.free(pending.state()));

        Step running = step(pending.state(), new Event.Next(next), T0 + INIT);
        assertEquals(new State.Running(one, T0 + INIT, INIT, List.of()), running.state());
        assertEquals(List.of(new Effect.Deliver(one, next, T0 + INIT)), running.effects());
    }

    @Test
    void aNextWhoseConnectionIsGoneLeavesTheInvocationQueued() {
        Step step = step(new State.Starting(T0, one), new Event.Next(new Next("gone", false)), T0 + INIT);
        assertEquals(new State.Queued(one, INIT, null), step.state());
        assertEquals(List.of(), step.effects());
    }

    @Test
    void initAwaitedAheadOfTrafficMakesTheFirstInvocationWarm() {
        State ready = new State.Ready(List.of(next), INIT, false, null);
        State awaited = step(ready, Lifecycle.INIT_AWAITED).state();
        assertEquals(new State.Ready(List.of(next), -1, false, null), awaited);
        assertFalse(Lifecycle.cold(step(awaited, new Event.Begin(one)).state()));
        State queued = new State.Queued(one, INIT, null);
        assertEquals(
                new State.Queued(one, -1, null),
                step(queued, Lifecycle.INIT_AWAITED).state());
    }

    @Test
    void anInitErrorFailsThePendingInvocationAndStops() {
        Step step = step(new State.Starting(T0, one), new Event.InitError(new byte[0], null));
        assertEquals(new State.Stopped("init error", List.of(), null), step.state());
        Effect.Complete complete =
                assertInstanceOf(Effect.Complete.class, step.effects().getFirst());
        RuntimeResult.PlatformError error = assertInstanceOf(RuntimeResult.PlatformError.class, complete.result());
        assertEquals("Runtime.Unknown", error.errorType());
        assertEquals(
                "{\"errorMessage\":\"Init failed\",\"errorType\":\"Runtime.Unknown\"}",
                new String(error.body(), StandardCharsets.UTF_8));

        Step quiet = step(starting(), new Event.InitError(bytes("{}"), "Runtime.ImportModuleError"));
        assertEquals(new State.Stopped("init error", List.of(), null), quiet.state());
        assertEquals(List.of(), quiet.effects(), "nobody waited");
    }

    @Test
    void anEntrypointThatCannotRunFailsThePendingInvocationAsInvalidEntrypoint() {
        Step step = step(
                new State.Starting(T0, one),
                new Event.EntrypointInvalid("fork/exec /var/task/bootstrap: exec format error"),
                T0 + INIT);
        assertEquals(new State.Stopped("init error", List.of(), null), step.state());
        assertEquals(
                List.of(
                        new Effect.InitFailed(
                                one,
                                "Runtime.InvalidEntrypoint",
                                "RequestId: one Error: fork/exec /var/task/bootstrap: exec format error",
                                INIT),
                        new Effect.Kill()),
                step.effects());

        Step ahead = step(starting(), new Event.EntrypointInvalid("x"));
        assertEquals(new State.Stopped("init error", List.of(), null), ahead.state());
        assertEquals(List.of(new Effect.Kill()), ahead.effects(), "nobody waited");

        State stopped = new State.Stopped("exited", List.of(), null);
        assertEquals(new Step(stopped), step(stopped, new Event.EntrypointInvalid("x")));
    }

    @Test
    void anInitErrorAfterInitIs403() {
        for (State state : List.of(ready(next), running(one), new State.Queued(one, -1, null))) {
            RuntimeApiException e =
                    assertThrows(RuntimeApiException.class, () -> step(state, new Event.InitError(new byte[0], null)));
            assertEquals(403, e.status());
            assertEquals("InvalidStateTransition", e.errorType());
        }
    }

    // ---- invocations ----

    @Test
    void aResponseCompletesTheInvocationAndLeavesItsReportToTheNextNext() {
        Step answered = step(running(one), new Event.Respond("one", OK, true));
        Unreported unreported = new Unreported(one, T0, -1);
        assertEquals(new State.Ready(List.of(), -1, false, unreported), answered.state());
        assertEquals(List.of(new Effect.Complete(one, OK)), answered.effects());
        assertTrue(Lifecycle.free(answered.state()));

        Step asked = step(answered.state(), new Event.Next(next));
        assertEquals(new State.Ready(List.of(next), -1, false, null), asked.state());
        assertEquals(List.of(new Effect.Report(unreported)), asked.effects());
    }

    @Test
    void anInvocationBroughtBeforeTheRuntimeAsksAgainIsQueuedBehindTheLastReport() {
        Unreported unreported = new Unreported(one, T0, -1);
        Step queued = step(new State.Ready(List.of(), -1, false, unreported), new Event.Begin(two));
        assertEquals(new State.Queued(two, -1, unreported), queued.state());
        assertFalse(Lifecycle.free(queued.state()));

        Step delivered = step(queued.state(), new Event.Next(next), T0 + 50);
        assertEquals(new State.Running(two, T0 + 50, -1, List.of()), delivered.state());
        assertEquals(
                List.of(new Effect.Report(unreported), new Effect.Deliver(two, next, T0 + 50)),
                delivered.effects(),
                "the last invocation's END and REPORT before the next one's START");
    }

    @Test
    void aPlatformFailureReportsAtOnce() {
        RuntimeResult tooLarge = new RuntimeResult.PlatformError("Function.ResponseSizeTooLarge", bytes("{}"));
        Step step = step(running(one), new Event.Respond("one", tooLarge, false));
        assertEquals(new State.Ready(List.of(), -1, false, null), step.state());
        assertEquals(List.of(new Effect.Complete(one, tooLarge)), step.effects());
    }

    @Test
    void aResponseForAnotherRequestIdIs400AndChangesNothing() {
        for (State state : List.of(running(one), ready(next), starting(), new State.Queued(one, -1, null))) {
            RuntimeApiException e =
                    assertThrows(RuntimeApiException.class, () -> step(state, new Event.Respond("two", OK, true)));
            assertEquals(400, e.status());
            assertEquals("InvalidRequestID", e.errorType());
        }
        assertThrows(RuntimeApiException.class, () -> Lifecycle.running(ready(next), "one"));
        assertSame(one, Lifecycle.running(running(one), "one"));
    }

    @Test
    void aNextWhileRunningIs403() {
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> step(running(one), new Event.Next(next)));
        assertEquals(403, e.status());
        assertEquals("InvalidStateTransition", e.errorType());
        assertTrue(e.getMessage().contains("respond to one first"), e.getMessage());
    }

    @Test
    void aBusyEnvironmentRefusesAnotherInvocation() {
        for (State state : List.of(running(one), new State.Queued(one, -1, null), new State.Starting(T0, one))) {
            assertThrows(IllegalStateException.class, () -> step(state, new Event.Begin(two)));
        }
    }

    @Test
    void theFirstOpenNextTakesTheInvocationAndClosedOnesAreDropped() {
        Next gone = new Next("gone", false);
        Next later = new Next("later");
        Step step = step(ready(gone, next, later), new Event.Begin(one), T0);
        assertEquals(new State.Running(one, T0, -1, List.of(later)), step.state());
        assertEquals(List.of(new Effect.Deliver(one, next, T0)), step.effects());

        Step none = step(ready(gone), new Event.Begin(one), T0);
        assertEquals(new State.Queued(one, -1, null), none.state());
    }

    @Test
    void aStoppedEnvironmentGivesTheInvocationBackUntaken() {
        State stopped = new State.Stopped("timed out", List.of(), null);
        Step step = step(stopped, new Event.Begin(one));
        assertSame(stopped, step.state());
        assertEquals(List.of(new Effect.Complete(one, new RuntimeResult.NotTaken("timed out"))), step.effects());
        assertEquals(
                List.of(new Effect.Refuse(List.of(next))),
                step(stopped, new Event.Next(next)).effects());
    }

    // ---- freezing ----

    @Test
    void anIdleEnvironmentFreezesOnceAndThawsForItsNextInvocation() {
        Step frozen = step(ready(next), Lifecycle.FREEZE);
        assertEquals(new State.Ready(List.of(next), -1, true, null), frozen.state());
        assertEquals(List.of(new Effect.Freeze()), frozen.effects());
        assertEquals(List.of(), step(frozen.state(), Lifecycle.FREEZE).effects(), "frozen already");

        Step thawed = step(frozen.state(), new Event.Begin(one), T0);
        assertEquals(List.of(new Effect.Thaw(), new Effect.Deliver(one, next, T0)), thawed.effects());
        for (State busy : List.of(running(one), new State.Queued(one, -1, null), starting())) {
            assertEquals(new Step(busy), step(busy, Lifecycle.FREEZE), "only an idle environment freezes");
        }
    }

    // ---- deadlines ----

    @Test
    void aRunningInvocationPastItsDeadlineTimesOutAndStopsTheEnvironment() {
        Next extra = new Next("extra");
        Step step = step(new State.Running(one, T0, -1, List.of(extra)), new Event.DeadlinePassed(one));
        assertEquals(new State.Stopped("timed out", List.of(), null), step.state());
        assertEquals(
                List.of(new Effect.TimeOut(one), new Effect.Refuse(List.of(extra)), new Effect.Kill()), step.effects());
    }

    @Test
    void anInvocationNeverTakenTimesOutToo() {
        Unreported unreported = new Unreported(one, T0, -1);
        Step queued = step(new State.Queued(two, -1, unreported), new Event.DeadlinePassed(two));
        assertEquals(new State.Stopped("timed out", List.of(), null), queued.state());
        assertEquals(
                List.of(new Effect.Report(unreported), new Effect.TimeOut(two), new Effect.Kill()), queued.effects());

        Step initTooLong = step(new State.Starting(T0, one), new Event.DeadlinePassed(one));
        assertEquals(List.of(new Effect.TimeOut(one), new Effect.Kill()), initTooLong.effects());
    }

    @Test
    void aDeadlineOfAnInvocationThatEndedChangesNothing() {
        for (State state : List.of(
                running(two),
                ready(next),
                new State.Stopped("exit", List.of(), null),
                new State.Queued(two, -1, null))) {
            assertEquals(new Step(state), step(state, new Event.DeadlinePassed(one)));
        }
    }

    // ---- exit ----

    @Test
    void anExitWhileRunningFailsTheInvocation() {
        Step step = step(running(one), new Event.Exit(2, false));
        String reason = "Runtime exited with error: exit status 2";
        assertEquals(new State.Stopped(reason, List.of(), null), step.state());
        assertEquals(
                List.of(
                        new Effect.Refuse(List.of()),
                        new Effect.Crash(one, "Runtime.ExitError", "RequestId: one Error: " + reason),
                        new Effect.Exited()),
                step.effects());
        Effect.Crash oom = (Effect.Crash)
                step(running(one), new Event.Exit(137, true)).effects().get(1);
        assertEquals("Runtime.OutOfMemory", oom.errorType());
        assertEquals("RequestId: one Error: Runtime exited with error: signal: killed", oom.message());
    }

    @Test
    void anExitDuringInitFailsThePendingInvocation() {
        Step step = step(new State.Starting(T0, one), new Event.Exit(1, false));
        assertInstanceOf(Effect.Crash.class, step.effects().getFirst());
        assertEquals(
                List.of(new Effect.Exited()),
                step(starting(), new Event.Exit(1, false)).effects());
    }

    @Test
    void anExitBeforeTheRuntimeTookTheInvocationGivesItBackUntaken() {
        Unreported unreported = new Unreported(one, T0, -1);
        Step step = step(new State.Queued(two, -1, unreported), new Event.Exit(0, false));
        String reason = "Runtime exited without providing a reason";
        assertEquals(
                List.of(
                        new Effect.Report(unreported),
                        new Effect.Complete(two, new RuntimeResult.NotTaken(reason)),
                        new Effect.Exited()),
                step.effects());
    }

    @Test
    void anExitWhileIdleRefusesTheWaitingNextsAndReportsTheLastInvocation() {
        Unreported unreported = new Unreported(one, T0, -1);
        Step step = step(new State.Ready(List.of(next), -1, true, unreported), new Event.Exit(0, false));
        assertInstanceOf(State.Stopped.class, step.state());
        assertEquals(
                List.of(new Effect.Report(unreported), new Effect.Refuse(List.of(next)), new Effect.Exited()),
                step.effects());
    }

    // ---- shutdown ----

    @Test
    void closingLeavesParkedNextsUntilTheRuntimeIsGone() {
        Unreported unreported = new Unreported(one, T0, -1);
        Step closing = step(new State.Ready(List.of(next), -1, false, unreported), Lifecycle.CLOSE);
        assertEquals(new State.Stopped("shut down", List.of(next), null), closing.state());
        assertEquals(List.of(new Effect.Report(unreported)), closing.effects());
        assertEquals(new Step(closing.state()), step(closing.state(), Lifecycle.CLOSE), "once");

        Step gone = step(closing.state(), Lifecycle.CLOSED);
        assertEquals(new State.Stopped("shut down", List.of(), null), gone.state());
        assertEquals(List.of(new Effect.Refuse(List.of(next))), gone.effects());
        assertEquals(
                List.of(new Effect.Refuse(List.of(next)), new Effect.Exited()),
                step(closing.state(), new Event.Exit(143, false)).effects(),
                "or the exit refuses them, whichever comes first");
    }

    @Test
    void closingGivesBackAnInvocationNotTakenAndLeavesARunningOneToItsDeadline() {
        Step queued = step(new State.Queued(one, -1, null), Lifecycle.CLOSE);
        assertEquals(List.of(new Effect.Complete(one, new RuntimeResult.NotTaken("shut down"))), queued.effects());
        Step pending = step(new State.Starting(T0, one), Lifecycle.CLOSE);
        assertEquals(List.of(new Effect.Complete(one, new RuntimeResult.NotTaken("shut down"))), pending.effects());

        Step running = step(running(one), Lifecycle.CLOSE);
        assertEquals(new State.Stopped("shut down", List.of(), one), running.state());
        assertEquals(List.of(), running.effects());
        assertEquals(
                List.of(new Effect.Refuse(List.of()), new Effect.Exited()),
                step(running.state(), new Event.Exit(143, false)).effects(),
                "the exit does not end it");
        Step expired = step(running.state(), new Event.DeadlinePassed(one));
        assertEquals(List.of(new Effect.TimeOut(one)), expired.effects());
        assertEquals(new State.Stopped("shut down", List.of(), null), expired.state());
    }

    @Test
    void whatThePoolAsks() {
        assertFalse(Lifecycle.initialised(starting()));
        assertTrue(Lifecycle.free(starting()));
        assertTrue(Lifecycle.initialised(ready()));
        assertTrue(Lifecycle.initialised(running(one)));
        assertFalse(Lifecycle.free(running(one)));
        State stopped = new State.Stopped("x", List.of(), null);
        assertFalse(Lifecycle.initialised(stopped));
        assertFalse(Lifecycle.free(stopped));
    }
}
