package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtimeapi.RuntimeApiException;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of one execution environment as a pure function: {@link #transition} takes the
 * current {@link State} and an {@link Event} and returns the next state with what must happen because
 * of it ({@link Effect}s, as data), or throws when the state does not allow the event. It touches no
 * process, socket, log or clock: time comes in as an argument. {@link ExecutionEnvironment} holds the
 * state and carries the effects out.
 *
 * <pre>
 *   Starting ─first GET /next─▶ Ready ─Begin─▶ Running ─response─▶ Ready …
 *   Starting ─Begin─▶ Starting(pending) ─first GET /next─▶ Running
 *   Ready ─Begin, no GET /next waiting─▶ Queued ─GET /next─▶ Running
 *   any ─exit, deadline, init error, entry point invalid, shutdown─▶ Stopped
 * </pre>
 *
 * <p>Example: a warm invocation is {@code Ready([next]) --Begin(i)--> Running(i)} with effect
 * {@code Deliver(i, next)}; the runtime's {@code POST /response} is {@code Running(i) --Respond-->
 * Ready([], unreported i)} with {@code Complete(i, response)}; its next {@code GET /next} is {@code
 * Ready --Next(n)--> Ready([n])} with {@code Report(i)}: END and REPORT are written only then, so
 * what the runtime prints after posting its answer still belongs to the invocation, as on Lambda.
 *
 * <p>Illegal events of the runtime are its errors: {@code GET /next} while running is 403 {@code
 * InvalidStateTransition}, an answer for a request id that is not running is 400 {@code
 * InvalidRequestID}, {@code /init/error} after init is 403. {@link Event.Begin} on a busy environment
 * is a bug of the caller ({@link IllegalStateException}); on a stopped one it completes the invocation
 * as not taken, so that the caller tries another environment.
 */
final class Lifecycle {
    private Lifecycle() {}

    /** An invocation the runtime answered whose END and REPORT wait for the runtime's next {@code GET /next}. */
    record Unreported(Invocation invocation, long deliveredNanos, long initNanos) {}

    /** Where the environment is in its life; each state carries its own data. */
    sealed interface State {
        /**
         * The runtime process is starting; its first {@code GET /next} ends init.
         *
         * @param pending the invocation to deliver when init ends, or {@code null}
         */
        record Starting(long startNanos, Invocation pending) implements State {}

        /**
         * Initialised, with no invocation: the runtime's {@code GET /next}s wait here.
         *
         * @param initNanos how long init took when the next invocation is the environment's cold one
         *     (its REPORT shows Init Duration), else -1 (warm, or initialised ahead of traffic)
         * @param frozen the runtime's processes are stopped (cgroup freezer) until the next invocation
         * @param unreported the last invocation, until the runtime asks for the next one; or {@code null}
         */
        record Ready(List<RuntimeSession.Next> waiting, long initNanos, boolean frozen, Unreported unreported)
                implements State {}

        /** Initialised; an invocation waits for the runtime's next {@code GET /next}. */
        record Queued(Invocation invocation, long initNanos, Unreported unreported) implements State {}

        /**
         * The runtime has the invocation.
         *
         * @param waiting further {@code GET /next}s, left waiting (a runtime asks on one connection at a time)
         */
        record Running(Invocation invocation, long deliveredNanos, long initNanos, List<RuntimeSession.Next> waiting)
                implements State {
            /** Whether this is the environment's first invocation, which pays for init. */
            boolean cold() {
                return initNanos >= 0;
            }
        }

        /**
         * Stopped for good.
         *
         * @param waiting {@code GET /next}s left parked until the runtime is gone (a shutdown sends SIGTERM
         *     to a runtime that waits in {@code /next}, as on Lambda)
         * @param abandoned the invocation that was running when the node shut the environment down; it
         *     ends at its deadline
         */
        record Stopped(String reason, List<RuntimeSession.Next> waiting, Invocation abandoned) implements State {}
    }

    /** What happens to the environment, and from where. */
    sealed interface Event {
        /** The invoker brings an invocation (caller's thread). */
        record Begin(Invocation invocation) implements Event {}

        /** The runtime's {@code GET /next} (event loop). */
        record Next(RuntimeSession.Next next) implements Event {}

        /**
         * The runtime answered invocation {@code requestId} (event loop, or a stream's reader).
         *
         * @param reportLater END and REPORT wait for the runtime's next {@code GET /next}; false when the
         *     platform failed the invocation and writes them at once
         */
        record Respond(String requestId, RuntimeResult result, boolean reportLater) implements Event {}

        /** The runtime's {@code POST /init/error} (event loop). */
        record InitError(byte[] body, String errorType) implements Event {}

        /**
         * The runtime's entry point cannot be executed, so init fails without the runtime (the caller's
         * thread, as an invocation begins or init is awaited).
         */
        record EntrypointInvalid(String reason) implements Event {}

        /** The runtime's process exited (process-exit thread). */
        record Exit(int exitValue, boolean outOfMemory) implements Event {}

        /** The invocation's deadline passed (a virtual thread started by its timer). */
        record DeadlinePassed(Invocation invocation) implements Event {}

        /** Idle long enough to stop its processes (housekeeping). */
        record Freeze() implements Event {}

        /** Init was awaited ahead of traffic (provisioned concurrency): the first invocation is warm. */
        record InitAwaited() implements Event {}

        /** The node shuts the environment down (any thread). */
        record Close() implements Event {}

        /** The shut-down runtime is gone (the closing thread). */
        record Closed() implements Event {}
    }

    /** What the environment must do after a transition, in order, outside its lock unless said otherwise. */
    sealed interface Effect {
        /** Write START and hand the invocation to the runtime's {@code GET /next}. */
        record Deliver(Invocation invocation, RuntimeSession.Next next, long deliveredNanos) implements Effect {}

        /** Complete the invocation with {@code result} (a no-op if it has one already). */
        record Complete(Invocation invocation, RuntimeResult result) implements Effect {}

        /** The runtime died with the invocation: log it, and complete the invocation with this platform error. */
        record Crash(Invocation invocation, String errorType, String message) implements Effect {}

        /**
         * Init failed before the runtime could run: log INIT_REPORT, START and the error as Lambda does,
         * and complete the invocation with this platform error.
         */
        record InitFailed(Invocation invocation, String errorType, String message, long initNanos) implements Effect {}

        /** Log that the invocation timed out, and complete it as {@code Sandbox.Timedout}. */
        record TimeOut(Invocation invocation) implements Effect {}

        /**
         * Write END and REPORT of an invocation the runtime answered earlier; applied under the lock, so
         * that the next invocation's START cannot overtake them.
         */
        record Report(Unreported unreported) implements Effect {}

        /** Answer these {@code GET /next}s with an error: the environment is shutting down. */
        record Refuse(List<RuntimeSession.Next> nexts) implements Effect {}

        /** Stop the runtime's processes; applied under the lock, so that a thaw cannot overtake it. */
        record Freeze() implements Effect {}

        /** Let the runtime's processes run again; applied under the lock. */
        record Thaw() implements Effect {}

        /** Kill the runtime's processes at once. */
        record Kill() implements Effect {}

        /** Tell the environment's owner that its process is gone. */
        record Exited() implements Effect {}
    }

    /** The next state and what must happen. */
    record Step(State state, List<Effect> effects) {
        Step(State state, Effect... effects) {
            this(state, List.of(effects));
        }
    }

    static final Event FREEZE = new Event.Freeze();
    static final Event INIT_AWAITED = new Event.InitAwaited();
    static final Event CLOSE = new Event.Close();
    static final Event CLOSED = new Event.Closed();

    private static final String SHUT_DOWN = "shut down";
    static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";

    /**
     * The state after {@code event} in {@code state}, at {@code nowNanos}.
     *
     * @throws RuntimeApiException when the runtime's call is not allowed in {@code state}
     * @throws IllegalStateException when an invocation is brought to a busy environment
     */
    static Step transition(State state, Event event, long nowNanos) {
        return switch (event) {
            case Event.Begin b -> begin(state, b.invocation(), nowNanos);
            case Event.Next n -> next(state, n.next(), nowNanos);
            case Event.Respond r -> respond(state, r);
            case Event.InitError e -> initError(state, e);
            case Event.EntrypointInvalid e -> entrypointInvalid(state, e, nowNanos);
            case Event.Exit e -> exit(state, e);
            case Event.DeadlinePassed d -> deadlinePassed(state, d.invocation());
            case Event.Freeze f -> freeze(state);
            case Event.InitAwaited a -> initAwaited(state);
            case Event.Close c -> close(state);
            case Event.Closed c -> closed(state);
        };
    }

    private static Step begin(State state, Invocation invocation, long now) {
        return switch (state) {
            case State.Starting s when s.pending() == null -> new Step(new State.Starting(s.startNanos(), invocation));
            case State.Ready r -> {
                List<Effect> effects = new ArrayList<>(3);
                if (r.frozen()) {
                    effects.add(new Effect.Thaw());
                }
                int open = firstOpen(r.waiting());
                if (open < 0) {
                    yield new Step(new State.Queued(invocation, r.initNanos(), r.unreported()), effects);
                }
                if (r.unreported() != null) {
                    effects.add(new Effect.Report(r.unreported())); // END before the next START
                }
                effects.add(new Effect.Deliver(invocation, r.waiting().get(open), now));
                List<RuntimeSession.Next> rest =
                        r.waiting().subList(open + 1, r.waiting().size());
                yield new Step(new State.Running(invocation, now, r.initNanos(), List.copyOf(rest)), effects);
            }
            case State.Stopped s ->
                new Step(s, new Effect.Complete(invocation, new RuntimeResult.NotTaken(s.reason())));
            default -> throw new IllegalStateException("the environment is busy: " + describe(state));
        };
    }

    private static Step next(State state, RuntimeSession.Next next, long now) {
        return switch (state) {
            case State.Running r ->
                throw RuntimeApiException.invalidStateTransition(
                        "State transition from Running to ReadyToInvoke is not allowed: respond to "
                                + r.invocation().requestId() + " first");
            case State.Starting s -> {
                long initNanos = now - s.startNanos();
                if (s.pending() == null) {
                    yield new Step(new State.Ready(List.of(next), initNanos, false, null));
                }
                yield deliverOrQueue(s.pending(), initNanos, next, now, List.of());
            }
            case State.Ready r ->
                new Step(
                        new State.Ready(append(r.waiting(), next), r.initNanos(), r.frozen(), null),
                        reportOf(r.unreported()));
            case State.Queued q -> deliverOrQueue(q.invocation(), q.initNanos(), next, now, reportOf(q.unreported()));
            case State.Stopped s -> new Step(s, new Effect.Refuse(List.of(next)));
        };
    }

    /** Delivers a waiting invocation to {@code next}, unless its connection is gone already. */
    private static Step deliverOrQueue(
            Invocation invocation, long initNanos, RuntimeSession.Next next, long now, List<Effect> before) {
        if (!next.open()) {
            return new Step(new State.Queued(invocation, initNanos, null), before);
        }
        List<Effect> effects = new ArrayList<>(before);
        effects.add(new Effect.Deliver(invocation, next, now));
        return new Step(new State.Running(invocation, now, initNanos, List.of()), effects);
    }

    private static Step respond(State state, Event.Respond respond) {
        if (!(state instanceof State.Running r) || !r.invocation().requestId().equals(respond.requestId())) {
            throw RuntimeApiException.invalidRequestId();
        }
        Unreported unreported =
                respond.reportLater() ? new Unreported(r.invocation(), r.deliveredNanos(), r.initNanos()) : null;
        return new Step(
                new State.Ready(r.waiting(), -1, false, unreported),
                new Effect.Complete(r.invocation(), respond.result()));
    }

    private static Step initError(State state, Event.InitError error) {
        if (!(state instanceof State.Starting s)) {
            throw RuntimeApiException.invalidStateTransition("Init has already finished");
        }
        State stopped = new State.Stopped("init error", List.of(), null);
        if (s.pending() == null) {
            return new Step(stopped);
        }
        String type = error.errorType() == null ? "Runtime.Unknown" : error.errorType();
        byte[] body = error.body().length == 0 ? ErrorDocuments.of(type, "Init failed") : error.body();
        return new Step(stopped, new Effect.Complete(s.pending(), new RuntimeResult.PlatformError(type, body)));
    }

    private static Step entrypointInvalid(State state, Event.EntrypointInvalid invalid, long now) {
        if (!(state instanceof State.Starting s)) {
            return new Step(state); // stopped already
        }
        State stopped = new State.Stopped("init error", List.of(), null);
        if (s.pending() == null) {
            return new Step(stopped, new Effect.Kill());
        }
        return new Step(
                stopped,
                new Effect.InitFailed(
                        s.pending(),
                        INVALID_ENTRYPOINT,
                        crashMessage(s.pending(), invalid.reason()),
                        now - s.startNanos()),
                new Effect.Kill());
    }

    private static Step exit(State state, Event.Exit exit) {
        // Only a node that stopped the environment first kills its runtime.
        String reason = ExitReasons.of(exit.exitValue(), state instanceof State.Stopped);
        String crash = exit.outOfMemory() ? "Runtime.OutOfMemory" : "Runtime.ExitError";
        State stopped = new State.Stopped(reason, List.of(), null);
        Effect exited = new Effect.Exited();
        return switch (state) {
            case State.Running r ->
                new Step(
                        stopped,
                        new Effect.Refuse(r.waiting()),
                        new Effect.Crash(r.invocation(), crash, crashMessage(r.invocation(), reason)),
                        exited);
            case State.Starting s
            when s.pending() != null ->
                new Step(stopped, new Effect.Crash(s.pending(), crash, crashMessage(s.pending(), reason)), exited);
            case State.Starting s -> new Step(stopped, exited);
            case State.Ready r ->
                new Step(stopped, with(reportOf(r.unreported()), new Effect.Refuse(r.waiting()), exited));
            case State.Queued q ->
                new Step(
                        stopped,
                        with(
                                reportOf(q.unreported()),
                                new Effect.Complete(q.invocation(), new RuntimeResult.NotTaken(reason)),
                                exited));
            case State.Stopped s ->
                new Step(
                        new State.Stopped(s.reason(), List.of(), s.abandoned()),
                        new Effect.Refuse(s.waiting()),
                        exited);
        };
    }

    private static String crashMessage(Invocation invocation, String reason) {
        return "RequestId: " + invocation.requestId() + " Error: " + reason;
    }

    private static Step deadlinePassed(State state, Invocation invocation) {
        State stopped = new State.Stopped("timed out", List.of(), null);
        Effect timeOut = new Effect.TimeOut(invocation);
        Effect kill = new Effect.Kill();
        return switch (state) {
            case State.Running r
            when r.invocation() == invocation -> new Step(stopped, timeOut, new Effect.Refuse(r.waiting()), kill);
            case State.Starting s when s.pending() == invocation -> new Step(stopped, timeOut, kill);
            case State.Queued q
            when q.invocation() == invocation -> new Step(stopped, with(reportOf(q.unreported()), timeOut, kill));
            case State.Stopped s
            when s.abandoned() == invocation -> new Step(new State.Stopped(s.reason(), s.waiting(), null), timeOut);
            default -> new Step(state); // it has ended, or its end is on its way
        };
    }

    private static Step freeze(State state) {
        if (state instanceof State.Ready r && !r.frozen()) {
            return new Step(new State.Ready(r.waiting(), r.initNanos(), true, r.unreported()), new Effect.Freeze());
        }
        return new Step(state);
    }

    private static Step initAwaited(State state) {
        return switch (state) {
            case State.Ready r -> new Step(new State.Ready(r.waiting(), -1, r.frozen(), r.unreported()));
            case State.Queued q -> new Step(new State.Queued(q.invocation(), -1, q.unreported()));
            default -> new Step(state);
        };
    }

    private static Step close(State state) {
        return switch (state) {
            case State.Stopped s -> new Step(s);
            // Not refused yet: a runtime parked in /next stays there and gets its SIGTERM as on Lambda,
            // instead of an error answer that would make it exit on its own first.
            case State.Running r -> new Step(new State.Stopped(SHUT_DOWN, r.waiting(), r.invocation()));
            case State.Ready r -> new Step(new State.Stopped(SHUT_DOWN, r.waiting(), null), reportOf(r.unreported()));
            case State.Queued q ->
                new Step(
                        new State.Stopped(SHUT_DOWN, List.of(), null),
                        with(
                                reportOf(q.unreported()),
                                new Effect.Complete(q.invocation(), new RuntimeResult.NotTaken(SHUT_DOWN))));
            case State.Starting s
            when s.pending() != null ->
                new Step(
                        new State.Stopped(SHUT_DOWN, List.of(), null),
                        new Effect.Complete(s.pending(), new RuntimeResult.NotTaken(SHUT_DOWN)));
            case State.Starting s -> new Step(new State.Stopped(SHUT_DOWN, List.of(), null));
        };
    }

    private static Step closed(State state) {
        if (state instanceof State.Stopped s && !s.waiting().isEmpty()) {
            return new Step(new State.Stopped(s.reason(), List.of(), s.abandoned()), new Effect.Refuse(s.waiting()));
        }
        return new Step(state);
    }

    // ---- what the environment asks of its state ----

    /** Whether init has finished and the environment can serve. */
    static boolean initialised(State state) {
        return state instanceof State.Ready || state instanceof State.Queued || state instanceof State.Running;
    }

    /** Whether it can take an invocation now: not stopped, nothing queued or running. */
    static boolean free(State state) {
        return state instanceof State.Ready || state instanceof State.Starting s && s.pending() == null;
    }

    /** After {@link Event.Begin}: whether the invocation is the environment's cold one (it waits for init). */
    static boolean cold(State afterBegin) {
        return switch (afterBegin) {
            case State.Starting s -> true;
            case State.Queued q -> q.initNanos() >= 0;
            case State.Running r -> r.cold();
            default -> false;
        };
    }

    /** The running invocation of {@code requestId}; the state does not change. */
    static Invocation running(State state, String requestId) {
        if (state instanceof State.Running r && r.invocation().requestId().equals(requestId)) {
            return r.invocation();
        }
        throw RuntimeApiException.invalidRequestId();
    }

    private static String describe(State state) {
        return switch (state) {
            case State.Starting s -> "starting, with " + s.pending().requestId() + " pending";
            case State.Queued q -> q.invocation().requestId() + " queued";
            case State.Running r -> "running " + r.invocation().requestId();
            default -> state.toString();
        };
    }

    // ---- helpers ----

    /** The index of the first {@code GET /next} whose connection is still open, or -1. */
    private static int firstOpen(List<RuntimeSession.Next> waiting) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).open()) {
                return i;
            }
        }
        return -1;
    }

    private static List<RuntimeSession.Next> append(List<RuntimeSession.Next> list, RuntimeSession.Next next) {
        if (list.isEmpty()) {
            return List.of(next);
        }
        List<RuntimeSession.Next> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(next);
        return List.copyOf(out);
    }

    private static List<Effect> reportOf(Unreported unreported) {
        return unreported == null ? List.of() : List.of(new Effect.Report(unreported));
    }

    private static List<Effect> with(List<Effect> first, Effect... then) {
        List<Effect> out = new ArrayList<>(first.size() + then.length);
        out.addAll(first);
        out.addAll(List.of(then));
        return out;
    }
}
