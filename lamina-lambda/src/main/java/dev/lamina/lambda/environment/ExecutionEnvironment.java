package dev.lamina.lambda.environment;

import dev.lamina.core.Scheduler;
import dev.lamina.core.Ticker;
import dev.lamina.lambda.environment.Lifecycle.Effect;
import dev.lamina.lambda.environment.Lifecycle.Event;
import dev.lamina.lambda.environment.Lifecycle.State;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.runtimeapi.RuntimeApiException;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One runtime process tree serving one function version, one invocation at a time, through its own
 * Runtime API endpoint. What it may do when is {@link Lifecycle}'s, a pure function; this class holds
 * the state, applies each event under its lock, and carries out the resulting effects (deliveries,
 * completions, START/END/REPORT, refusals, stopping the sandbox) after unlocking, except freezing and
 * thawing, which must keep their order and so happen under the lock. It starts on a {@link
 * RuntimeProcess}, keeps each invocation's {@link Deadline} and writes its {@link Reports}.
 *
 * <p>An invocation's result goes back to the caller as soon as the runtime posts it, but the
 * invocation lasts, as on Lambda, until the runtime asks for the next one: END and REPORT are
 * written then, so what the runtime prints after posting still belongs to it.
 *
 * <p>Threads: {@link #invoke} runs on the caller's thread and blocks until the invocation ends;
 * {@link #invokeAsync} returns at once and completes on the thread that ends the invocation; the
 * Runtime API methods run on the node's event loop; the process's exit on the JDK's process-exit
 * thread; deadlines on a virtual thread each; {@link #freeze} on the pool's housekeeping thread.
 */
public final class ExecutionEnvironment implements RuntimeSession, PooledEnvironment, AutoCloseable {
    private final EnvironmentContext ctx;
    private final FunctionConfig config;
    private final boolean provisioned;
    private final Consumer<ExecutionEnvironment> onStopped;
    private final Ticker ticker;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when init ends (or fails), for {@link #awaitInit}. */
    private final Condition initEnded = lock.newCondition();
    /** Completed, outside the lock, once init has ended: finished, failed, or the environment stopped. */
    private final CompletableFuture<Void> initDone = new CompletableFuture<>();
    /** Guarded by {@link #lock}. */
    private State state;

    private final RuntimeProcess process;
    private final Reports reports;
    private final Deadline deadline;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastUsedNanos;

    /**
     * Starts the runtime. Returns once the process is spawned; init continues in the background
     * until the runtime first calls {@code GET /next}.
     *
     * @param taskRoot the function's unpacked code on the host
     * @param optDir the function's merged layers on the host, or {@code null} when it has none
     * @param onStopped told once when the runtime process exits, on the process-exit thread; the
     *     owner then {@link #close()}s the environment unless an invocation is still finishing in it
     * @param provisioned whether it is initialised ahead of traffic for provisioned concurrency
     */
    public ExecutionEnvironment(
            EnvironmentContext ctx,
            FunctionConfig config,
            Path taskRoot,
            Path optDir,
            Spares spares,
            Consumer<ExecutionEnvironment> onStopped,
            boolean provisioned)
            throws IOException {
        this.ctx = ctx;
        this.config = config;
        this.provisioned = provisioned;
        this.onStopped = onStopped;
        this.ticker = ctx.ticker();
        this.lastUsedNanos = ticker.nanoTime();
        this.state = new State.Starting(ticker.nanoTime(), null);
        // The runtime may call its API before start returns; until an invocation arrives that
        // touches nothing below.
        this.process = RuntimeProcess.start(
                ctx, new RuntimeProcess.Request(config, taskRoot, optDir, spares, provisioned, this));
        this.reports = new Reports(process.log(), process.sandbox(), config, provisioned, ctx);
        this.deadline = new Deadline(
                config.settings().timeoutSeconds() * 1000L,
                ctx.initTimeoutMillis(),
                ticker,
                Scheduler.of(process.loop()),
                // stopping the environment kills its processes: not on the event loop
                invocation -> Thread.ofVirtual().start(() -> step(new Event.DeadlinePassed(invocation))));
        process.onExit(this::onExit);
    }

    @Override
    public FunctionConfig config() {
        return config;
    }

    public String id() {
        return process.id();
    }

    /** Whether init has finished (and the runtime is serving or waiting for invocations). */
    public boolean initialised() {
        return Lifecycle.initialised(state());
    }

    /** Completes once init has ended (finished, failed, or the environment stopped), on the thread that ended it. */
    public CompletableFuture<Void> initEnded() {
        return initDone;
    }

    /** Whether this environment was started for provisioned concurrency. */
    @Override
    public boolean provisioned() {
        return provisioned;
    }

    /**
     * Waits until the runtime finished init (its first {@code GET /next}); the first invocation then
     * is warm. False if init failed, the environment stopped, or init took longer than allowed.
     */
    public boolean awaitInit(long timeoutMillis) throws InterruptedException {
        if (process.entrypointProblem() != null) {
            step(new Event.EntrypointInvalid(process.entrypointProblem()));
            return false;
        }
        long deadlineNanos = ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (state instanceof State.Starting) {
                long left = deadlineNanos - ticker.nanoTime();
                if (left <= 0) {
                    return false;
                }
                initEnded.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return Lifecycle.initialised(step(Lifecycle.INIT_AWAITED).state());
    }

    @Override
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    @Override
    public boolean isStopped() {
        return state() instanceof State.Stopped;
    }

    /** Whether the environment can take an invocation now: not stopped, nothing pending or running. */
    @Override
    public boolean isFree() {
        return Lifecycle.free(state());
    }

    /** Stops the runtime's processes while the environment waits, idle, for its next invocation. */
    public void freeze() {
        step(Lifecycle.FREEZE);
    }

    // ---- the caller's side ----

    /**
     * Runs one invocation to its end. Called by the invoker on its own thread; blocks until the
     * runtime answers, the runtime fails, or the function's timeout passes (the environment is then
     * stopped and the caller gets {@code Sandbox.Timedout}).
     *
     * @throws EnvironmentStoppedException if the environment stopped before it could take the
     *     invocation; nothing ran, another environment may be used
     */
    public Outcome invoke(Invocation invocation) throws EnvironmentStoppedException, InterruptedException {
        // Asked for before the runtime can see the invocation: a fast one may print its REPORT
        // before this thread runs again.
        CompletableFuture<byte[]> tailRead =
                invocation.tail() ? process.log().expectTail(invocation.requestId()) : null;
        Deadline.Watch watch = null;
        try {
            watch = begin(invocation);
            RuntimeResult result = ended(invocation, await(invocation.result()));
            byte[] logTail =
                    tailRead == null ? null : EnvironmentLog.await(tailRead, deadline.tailWaitMillis(invocation));
            return outcome(result, logTail);
        } finally {
            if (watch != null) {
                watch.cancel();
            }
            if (invocation.relay() != null) {
                invocation.relay().seal();
            }
            process.log().forget(invocation.requestId());
        }
    }

    /**
     * Runs one invocation without blocking a thread: the future completes as {@link #invoke} would
     * return, on the thread that ends the invocation (most often the Runtime API's event loop, as
     * the runtime's response arrives), and fails with {@link EnvironmentStoppedException} as it would
     * throw. Only for an invocation that wants no log tail and no streamed response; the function's
     * timeout (and a cold start's init limit) is kept by a timer on the Runtime API's loop.
     */
    public CompletableFuture<Outcome> invokeAsync(Invocation invocation) {
        if (invocation.tail() || invocation.relay() != null) {
            throw new IllegalArgumentException("invokeAsync takes buffered invocations without a log tail");
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Deadline.Watch watch;
        try {
            watch = begin(invocation);
        } catch (RuntimeException e) {
            // After begin() the environment is busy with it: the caller's release retires it.
            outcome.completeExceptionally(e);
            return outcome;
        }
        invocation.result().whenComplete((result, e) -> {
            watch.cancel();
            try {
                outcome.complete(outcome(ended(invocation, result), null));
            } catch (EnvironmentStoppedException | RuntimeException failure) {
                outcome.completeExceptionally(failure);
            }
        });
        return outcome;
    }

    /** Hands the invocation to the runtime (now, or at its next {@code GET /next}) and starts its deadline. */
    private Deadline.Watch begin(Invocation invocation) {
        State next;
        try {
            next = step(new Event.Begin(invocation)).state();
            if (process.entrypointProblem() != null) {
                next = step(new Event.EntrypointInvalid(process.entrypointProblem()))
                        .state();
            }
        } catch (IllegalStateException e) {
            throw new IllegalStateException("environment " + id() + ": " + e.getMessage(), e);
        }
        return deadline.watch(invocation, Lifecycle.cold(next));
    }

    private static RuntimeResult await(CompletableFuture<RuntimeResult> result) throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What follows an invocation's end, before its outcome is known; a result of nothing run is thrown. */
    private RuntimeResult ended(Invocation invocation, RuntimeResult result) throws EnvironmentStoppedException {
        if (invocation.relay() != null) {
            invocation.relay().seal();
        }
        lastUsedNanos = ticker.nanoTime();
        if (result instanceof RuntimeResult.NotTaken notTaken) {
            throw new EnvironmentStoppedException(notTaken.reason());
        }
        if (result instanceof RuntimeResult.PlatformError error) {
            reports.failed(invocation, error);
        }
        return result;
    }

    private static Outcome outcome(RuntimeResult result, byte[] logTail) {
        return switch (result) {
            case RuntimeResult.Response r -> new Outcome(r.body(), r.contentType(), null, logTail);
            case RuntimeResult.Streamed r -> new Outcome(new byte[0], r.contentType(), null, logTail);
            case RuntimeResult.HandlerError h -> new Outcome(h.body(), "application/json", "Unhandled", logTail);
            case RuntimeResult.PlatformError p -> new Outcome(p.body(), "application/json", "Unhandled", logTail);
            case RuntimeResult.NotTaken n -> throw new IllegalStateException("handled by ended()");
        };
    }

    // ---- the Runtime API's side ----

    @Override
    public void next(RuntimeSession.Next next) {
        step(new Event.Next(next));
    }

    @Override
    public void respond(String requestId, byte[] body, String contentType) {
        step(new Event.Respond(
                requestId,
                new RuntimeResult.Response(body, contentType == null ? "application/json" : contentType),
                true));
    }

    @Override
    public void respondStreaming(String requestId, String contentType, InputStream body) throws IOException {
        Invocation invocation = Lifecycle.running(state(), requestId);
        String type = contentType == null ? "application/octet-stream" : contentType;
        if (invocation.relay() == null) {
            // A caller that waits for the whole answer (Invoke) gets the stream buffered, as on Lambda.
            byte[] whole = body.readNBytes(RuntimeApiServer.MAX_RESPONSE_BYTES + 1);
            if (whole.length > RuntimeApiServer.MAX_RESPONSE_BYTES) {
                responseTooLarge(requestId);
                throw new RuntimeApiException(413, "RequestEntityTooLarge", "Response payload too large");
            }
            respond(requestId, whole, type);
            return;
        }
        if (!invocation.relay().relay(type, body)) {
            step(new Event.Respond(requestId, tooLarge(StreamRelay.MAX_BYTES), false));
            throw new RuntimeApiException(413, "RequestEntityTooLarge", "Response payload too large");
        }
        step(new Event.Respond(requestId, new RuntimeResult.Streamed(type), true));
    }

    @Override
    public void fail(String requestId, byte[] body, String errorTypeHeader) {
        step(new Event.Respond(requestId, new RuntimeResult.HandlerError(body, errorTypeHeader), true));
    }

    @Override
    public void responseTooLarge(String requestId) {
        step(new Event.Respond(requestId, tooLarge(RuntimeApiServer.MAX_RESPONSE_BYTES), false));
    }

    private static RuntimeResult tooLarge(long limit) {
        return new RuntimeResult.PlatformError(
                "Function.ResponseSizeTooLarge",
                ErrorDocuments.of(
                        "Function.ResponseSizeTooLarge",
                        "Response payload size exceeded maximum allowed payload size (" + limit + " bytes)."));
    }

    @Override
    public void initError(byte[] body, String errorTypeHeader) {
        step(new Event.InitError(body, errorTypeHeader));
    }

    // ---- the lifecycle and its effects ----

    private State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies {@code event} under the lock, then carries out its effects outside it. Three effects are
     * carried out inside it, before the new state is published: freezing and thawing, so that they
     * keep their order (and a thaw that fails leaves the state as it was); and END/REPORT, so that the
     * runtime's {@code GET /next} that the same step makes available cannot be handed the next
     * invocation, whose START another thread writes, before them. Returns the step taken.
     *
     * @throws RuntimeApiException when the runtime's call is not allowed now; nothing changed
     */
    private Lifecycle.Step step(Event event) {
        Lifecycle.Step step;
        boolean initEnds = false;
        lock.lock();
        try {
            State before = state;
            step = Lifecycle.transition(before, event, ticker.nanoTime());
            for (Effect effect : step.effects()) {
                switch (effect) {
                    case Effect.Freeze f -> process.sandbox().freeze();
                    case Effect.Thaw t -> process.sandbox().thaw();
                    case Effect.Report r -> reports.ended(r.unreported());
                    default -> {}
                }
            }
            state = step.state();
            if (before instanceof State.Starting && !(state instanceof State.Starting)) {
                initEnded.signalAll();
                initEnds = true;
            }
        } finally {
            lock.unlock();
        }
        if (initEnds) {
            initDone.complete(null);
        }
        for (Effect effect : step.effects()) {
            apply(effect);
        }
        return step;
    }

    private void apply(Effect effect) {
        switch (effect) {
            case Effect.Deliver d -> deliver(d.invocation(), d.deliveredNanos(), d.next());
            case Effect.Complete c -> c.invocation().result().complete(c.result());
            // The lifecycle ends each invocation once, so these are its end: logged first, so that the
            // line comes before the END and REPORT its caller writes when it sees the result.
            case Effect.Crash c -> {
                process.log().platform(c.message(), c.errorType());
                byte[] doc = ErrorDocuments.of(c.errorType(), c.message());
                c.invocation().result().complete(new RuntimeResult.PlatformError(c.errorType(), doc));
            }
            case Effect.InitFailed f -> {
                reports.initFailed(f.initNanos(), f.errorType());
                reports.start(f.invocation());
                f.invocation().delivered().complete(ticker.nanoTime());
                process.log().platform(f.message(), f.errorType());
                byte[] doc = ErrorDocuments.of(f.errorType(), f.message());
                f.invocation().result().complete(new RuntimeResult.PlatformError(f.errorType(), doc));
            }
            case Effect.TimeOut t -> {
                process.log()
                        .platform(deadline.timedOutLine(
                                t.invocation(), ctx.clock().instant()));
                t.invocation().result().complete(deadline.timedOut(t.invocation()));
            }
            case Effect.Refuse r -> r.nexts().forEach(next -> next.refuse(shuttingDown()));
            case Effect.Kill k -> process.sandbox().destroy(0);
            case Effect.Exited x -> onStopped.accept(this);
            case Effect.Freeze f -> {} // under the lock, in step()
            case Effect.Thaw t -> {}
            case Effect.Report r -> {}
        }
    }

    /** Writes START and hands the invocation to the runtime's waiting {@code GET /next}. */
    private void deliver(Invocation invocation, long nanos, RuntimeSession.Next next) {
        reports.start(invocation);
        long deadlineMs = ctx.clock().millis() + config.settings().timeoutSeconds() * 1000L;
        invocation.delivered().complete(nanos);
        next.deliver(new Delivery(
                invocation.requestId(),
                deadlineMs,
                invocation.invokedFunctionArn(),
                invocation.trace().amznTraceHeader(),
                invocation.clientContext(),
                null,
                "application/json",
                invocation.payload()));
    }

    private static RuntimeApiException shuttingDown() {
        return new RuntimeApiException(500, "ServiceException", "The environment is shutting down");
    }

    private void onExit() {
        step(new Event.Exit(process.exitValue(), process.sandbox().outOfMemory()));
    }

    /**
     * Shuts the environment down: SIGTERM, the grace period, then SIGKILL for the whole tree; then
     * releases its endpoint and pipe. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        step(Lifecycle.CLOSE);
        process.stop(ctx.shutdownGraceMillis());
        step(Lifecycle.CLOSED);
        process.close();
    }

    @Override
    public String toString() {
        return "ExecutionEnvironment[" + config.name() + ":" + config.version() + " " + id() + "]";
    }

    /** The base64 of a log tail; used for the Tail header. */
    public static String base64(byte[] tail) {
        return Base64.getEncoder().encodeToString(tail);
    }
}
