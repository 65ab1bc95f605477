package dev.lamina.lambda.environment;

import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.runtime.HostRuntime;
import dev.lamina.lambda.runtime.RuntimePaths;
import dev.lamina.lambda.runtimeapi.RuntimeApiException;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer.PeerCheck;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One runtime process tree serving one function version, one invocation at a time, through its own
 * Runtime API endpoint. Lifecycle: {@link State.Starting} → ({@link State.Ready} ⇄
 * {@link State.Running})* → {@link State.Stopped}; a Runtime API call that the current state does not
 * allow is refused (403 / 400) and changes nothing.
 *
 * <p>An invocation's result goes back to the caller as soon as the runtime posts it, but the
 * invocation lasts, as on Lambda, until the runtime asks for the next one: END and REPORT are
 * written then, so what the runtime prints after posting still belongs to it.
 *
 * <p>Threads: {@link #invoke} runs on the caller's thread and blocks until the invocation ends;
 * {@link #invokeAsync} returns at once and completes on the thread that ends the invocation; the
 * Runtime API methods run on the node's event loop; {@link #onExit} on the process-exit
 * thread; its log's reader thread is {@link EnvironmentLog}'s. All state changes happen under
 * {@link #lock}.
 */
public final class ExecutionEnvironment implements RuntimeSession, PooledEnvironment, AutoCloseable {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Least time a tail waits for the runtime's next {@code /next}; it may wait up to the function's timeout. */
    private static final long TAIL_WAIT_MILLIS = 2000;

    /** Where the environment is in its life. */
    sealed interface State {
        record Starting(long startNanos) implements State {}

        record Ready() implements State {}

        record Running(Invocation invocation, long deliveredNanos, boolean cold) implements State {}

        record Stopped(String reason) implements State {}
    }

    /** An invocation whose result is in but whose END and REPORT are not written yet. */
    private record Unreported(Invocation invocation, long deliveredNanos, boolean cold) {}

    private final EnvironmentContext ctx;
    private final FunctionConfig config;
    private final String id;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Consumer<ExecutionEnvironment> onStopped;
    private final EnvironmentLog log;
    private final RuntimeApiServer runtimeApi;
    private final ProcessLauncher.Sandbox sandbox;
    private final Process process;
    /** The directory of a spare sandbox this environment took, removed at close; else {@code null}. */
    private final Path spareDir;
    /** Relays the Runtime API into a sandbox without network; {@code null} otherwise. */
    private volatile RuntimeApiRelay relay;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final boolean provisioned;

    private State state;
    private Invocation pending;
    /** The runtime's {@code GET /next} requests waiting for an invocation, oldest first. */
    private final ArrayDeque<RuntimeSession.Next> waiting = new ArrayDeque<>(1);

    private Unreported unreported;
    private double initMs = -1;
    private boolean initDone;
    private volatile boolean killedByNode;
    private volatile boolean frozen;
    private volatile long lastUsedNanos = System.nanoTime();

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
        this.state = new State.Starting(System.nanoTime());
        HostRuntime runtime = ctx.runtimes().require(config.settings().runtime());
        Spares.Spare spare = spares == null
                ? null
                : spares.claim(runtime, taskRoot, optDir, config.settings().ephemeralStorageMb());
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        this.id = spare != null ? spare.id() : HexFormat.of().formatHex(random);
        this.spareDir = spare != null ? spare.dir() : null;
        if (spare != null) {
            this.log = spare.log();
            log.assign(config.name(), config.version(), id);
        } else {
            this.log = new EnvironmentLog(ctx, config.name(), config.version(), id);
        }
        ProcessLauncher.Sandbox box = spare != null ? spare.box() : null;
        RuntimeApiServer api = null;
        try {
            if (box == null) {
                box = ctx.launcher()
                        .prepare(new SandboxSpec(
                                id,
                                taskRoot,
                                ctx.runtimeFiles().dir(),
                                runtime.interpreter(),
                                config.settings().memoryMb(),
                                config.settings().ephemeralStorageMb(),
                                optDir));
            } else {
                box.resize(config.settings().memoryMb());
            }
            RuntimeApiPeers peers = box.uid().isPresent()
                    ? new RuntimeApiPeers(ctx.sockets(), box.uid().getAsInt())
                    : null;
            api = new RuntimeApiServer(this, ctx.runtimeApi(), peers != null ? peers : PeerCheck.ANYONE);
            String apiAddress = api.address();
            if (box.runtimeApiSocket().isPresent()) {
                relay = new RuntimeApiRelay(
                        box.runtimeApiSocket().get(),
                        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), api.port()));
                if (peers != null) {
                    peers.relayedBy(relay);
                }
                apiAddress = ProcessLauncher.RELAYED_RUNTIME_API;
            }
            RuntimePaths paths = new RuntimePaths(
                    box.taskRootInside(),
                    box.runtimeDirInside(),
                    box.optDirInside(),
                    optDir != null && !java.nio.file.Files.exists(taskRoot.resolve("bootstrap")));
            List<String> command = ctx.runtimeFiles()
                    .command(
                            runtime,
                            config.settings().handler(),
                            config.settings().memoryMb(),
                            paths,
                            config.settings().environment());
            Map<String, String> env = RuntimeEnvironment.of(
                    config, ctx.arns().region(), log.group(), log.stream(), apiAddress, paths, provisioned);
            if (spare != null) {
                box.release(command, env);
                this.process = spare.process();
            } else {
                this.process = box.start(command, env, log.pipePath());
            }
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            if (relay != null) {
                relay.close();
            }
            if (box != null) {
                box.destroy(0);
                box.close();
            }
            log.close();
            if (spareDir != null) {
                Spares.deleteTree(spareDir);
            }
            throw e;
        }
        this.runtimeApi = api;
        this.sandbox = box;
        log.unlink();
        process.onExit().thenRun(this::onExit);
    }

    @Override
    public FunctionConfig config() {
        return config;
    }

    public String id() {
        return id;
    }

    /** Whether init has finished (and the runtime is serving or waiting for invocations). */
    public boolean initialised() {
        lock.lock();
        try {
            return initDone || state instanceof State.Ready || state instanceof State.Running;
        } finally {
            lock.unlock();
        }
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (state instanceof State.Starting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            if (state instanceof State.Stopped) {
                return false;
            }
            initDone = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    @Override
    public boolean isStopped() {
        lock.lock();
        try {
            return state instanceof State.Stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the environment can take an invocation now: not stopped, nothing pending or running. */
    @Override
    public boolean isFree() {
        lock.lock();
        try {
            return pending == null && (state instanceof State.Ready || state instanceof State.Starting);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the runtime's processes while the environment waits, idle, for its next invocation. */
    public void freeze() {
        lock.lock();
        try {
            if (frozen || pending != null || !(state instanceof State.Ready)) {
                return;
            }
            frozen = true;
            sandbox.freeze();
        } finally {
            lock.unlock();
        }
    }

    /** Called with {@link #lock} held. */
    private void thaw() {
        if (frozen) {
            frozen = false;
            sandbox.thaw();
        }
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
        CompletableFuture<String> tailRead = invocation.tail() ? log.expectTail(invocation.requestId()) : null;
        try {
            boolean cold = begin(invocation);
            RuntimeResult result = ended(invocation, await(invocation, cold));
            String logTail = tailRead == null ? null : awaitTail(tailRead, invocation);
            return outcome(result, logTail);
        } finally {
            if (invocation.relay() != null) {
                invocation.relay().seal();
            }
            log.forget(invocation.requestId());
        }
    }

    /**
     * Runs one invocation without blocking a thread: the future completes as {@link #invoke} would
     * return, on the thread that ends the invocation (most often the Runtime API's event loop, as
     * the runtime's response arrives), and fails with {@link EnvironmentStoppedException} as it would
     * throw. Only for an initialised environment and an invocation that wants no log tail and no
     * streamed response; the function's timeout is kept by a timer on the Runtime API's loop.
     */
    public CompletableFuture<Outcome> invokeAsync(Invocation invocation) {
        if (invocation.tail() || invocation.relay() != null || !initialised()) {
            throw new IllegalArgumentException("invokeAsync takes warm, buffered invocations without a log tail");
        }
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        long timeoutMillis = config.settings().timeoutSeconds() * 1000L;
        AtomicReference<ScheduledFuture<?>> deadline = new AtomicReference<>();
        try {
            begin(invocation);
            deadline.set(runtimeApi
                    .loop()
                    .schedule(
                            () -> checkDeadline(invocation, timeoutMillis, deadline),
                            timeoutMillis,
                            TimeUnit.MILLISECONDS));
        } catch (EnvironmentStoppedException | RuntimeException e) {
            // After begin() the environment is busy with it: the caller's release retires it.
            outcome.completeExceptionally(e);
            return outcome;
        }
        invocation.result().whenComplete((result, e) -> {
            deadline.get().cancel(false);
            try {
                outcome.complete(outcome(ended(invocation, result), null));
            } catch (EnvironmentStoppedException | RuntimeException failure) {
                outcome.completeExceptionally(failure);
            }
        });
        return outcome;
    }

    /**
     * The timer of {@link #invokeAsync}: the deadline counts from when the runtime took the
     * invocation; one it has not taken after the whole timeout times out as in {@link #await}.
     */
    private void checkDeadline(
            Invocation invocation, long timeoutMillis, AtomicReference<ScheduledFuture<?>> deadline) {
        if (invocation.result().isDone()) {
            return;
        }
        Long delivered = invocation.delivered().getNow(null);
        long left =
                delivered == null ? 0 : timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered);
        if (left > 0) {
            deadline.set(runtimeApi
                    .loop()
                    .schedule(() -> checkDeadline(invocation, timeoutMillis, deadline), left, TimeUnit.MILLISECONDS));
        } else {
            // stopping the environment kills its processes: not on the event loop
            Thread.ofVirtual().start(() -> timedOut(invocation, timeoutMillis));
        }
    }

    /**
     * Hands the invocation to the runtime: to its waiting {@code GET /next} at once, else to the next
     * one. Returns whether this is the environment's first (cold) invocation.
     */
    private boolean begin(Invocation invocation) throws EnvironmentStoppedException {
        boolean cold;
        RuntimeSession.Next taken;
        long takenNanos = 0;
        lock.lock();
        try {
            if (state instanceof State.Stopped stopped) {
                throw new EnvironmentStoppedException(stopped.reason());
            }
            if (pending != null || state instanceof State.Running) {
                throw new IllegalStateException("environment " + id + " is busy: " + state + " pending "
                        + (pending == null ? null : pending.requestId()));
            }
            cold = !initDone;
            thaw();
            taken = state instanceof State.Ready ? openWaiting() : null;
            if (taken != null) {
                takenNanos = start(invocation);
            } else {
                pending = invocation;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (taken != null) {
            deliver(invocation, takenNanos, taken);
        }
        return cold;
    }

    /** What follows an invocation's end, before its outcome is known; a result of nothing run is thrown. */
    private RuntimeResult ended(Invocation invocation, RuntimeResult result) throws EnvironmentStoppedException {
        if (invocation.relay() != null) {
            invocation.relay().seal();
        }
        lastUsedNanos = System.nanoTime();
        if (result instanceof RuntimeResult.NotTaken notTaken) {
            throw new EnvironmentStoppedException(notTaken.reason());
        }
        if (result instanceof RuntimeResult.PlatformError error) {
            reportFailure(invocation, error);
        }
        return result;
    }

    private static Outcome outcome(RuntimeResult result, String logTail) {
        return switch (result) {
            case RuntimeResult.Response r -> new Outcome(r.body(), r.contentType(), null, logTail);
            case RuntimeResult.Streamed r -> new Outcome(new byte[0], r.contentType(), null, logTail);
            case RuntimeResult.HandlerError h -> new Outcome(h.body(), "application/json", "Unhandled", logTail);
            case RuntimeResult.PlatformError p -> new Outcome(p.body(), "application/json", "Unhandled", logTail);
            case RuntimeResult.NotTaken n -> throw new IllegalStateException("handled by ended()");
        };
    }

    /** The result, or {@code Sandbox.Timedout} once init (if cold) and the function's timeout have passed. */
    private RuntimeResult await(Invocation invocation, boolean cold) throws InterruptedException {
        long timeoutMillis = config.settings().timeoutSeconds() * 1000L;
        try {
            long firstWait = cold ? ctx.initTimeoutMillis() : timeoutMillis;
            CompletableFuture.anyOf(invocation.delivered(), invocation.result()).get(firstWait, TimeUnit.MILLISECONDS);
            if (invocation.result().isDone()) {
                return invocation.result().join();
            }
            long deliveredNanos = invocation.delivered().join();
            long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deliveredNanos);
            return invocation.result().get(Math.max(0, left), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return timedOut(invocation, timeoutMillis);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private RuntimeResult timedOut(Invocation invocation, long timeoutMillis) {
        String seconds = String.format(Locale.ROOT, "%.2f", timeoutMillis / 1000.0);
        String message =
                "RequestId: " + invocation.requestId() + " Error: Task timed out after " + seconds + " seconds";
        RuntimeResult timeout =
                new RuntimeResult.PlatformError("Sandbox.Timedout", ErrorDocuments.of("Sandbox.Timedout", message));
        boolean expired;
        lock.lock();
        try {
            // Past the deadline the runtime may neither take this invocation nor answer it.
            expired = !invocation.result().isDone();
            if (expired) {
                if (pending == invocation) {
                    pending = null;
                }
                if (!(state instanceof State.Stopped)) {
                    state = new State.Stopped("timed out");
                }
            }
        } finally {
            lock.unlock();
        }
        if (expired) {
            if (invocation.result().complete(timeout)) {
                log.platform(ISO.format(ctx.clock().instant()) + " " + invocation.requestId() + " Task timed out after "
                        + seconds + " seconds");
            }
            stop("timed out");
        }
        return invocation.result().join();
    }

    /** END and REPORT for an invocation the platform failed (timeout, exit, init error): written at once. */
    private void reportFailure(Invocation invocation, RuntimeResult.PlatformError error) {
        // The invocation before it ends first, if its runtime never asked for the next one.
        writeReport(takeUnreported());
        Long delivered = invocation.delivered().getNow(null);
        if (delivered == null) {
            log.platform(PlatformLines.start(invocation.requestId(), config.version()));
        }
        boolean timeout = error.errorType().equals("Sandbox.Timedout");
        writeReport(
                invocation,
                delivered == null ? System.nanoTime() : delivered,
                delivered == null,
                timeout ? "timeout" : "error",
                timeout ? null : error.errorType());
    }

    /**
     * Waits until the log reader has this invocation's REPORT, which is written when the runtime
     * asks for its next event: at most until the function's deadline (a runtime that hangs after
     * posting its result holds its caller no longer than the timeout), at least two seconds.
     */
    private String awaitTail(CompletableFuture<String> tailRead, Invocation invocation) throws InterruptedException {
        Long delivered = invocation.delivered().getNow(null);
        long deadlineMillis = delivered == null
                ? 0
                : config.settings().timeoutSeconds() * 1000L
                        - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - delivered);
        return EnvironmentLog.await(tailRead, Math.max(TAIL_WAIT_MILLIS, deadlineMillis));
    }

    /** Writes END and REPORT into the output pipe, behind everything the runtime printed so far. */
    private void writeReport(
            Invocation invocation, long deliveredNanos, boolean cold, String status, String errorType) {
        double durationMs = (System.nanoTime() - deliveredNanos) / 1e6;
        long peak = sandbox.peakMemoryBytes();
        sandbox.resetPeakMemory();
        log.platform(
                PlatformLines.end(invocation.requestId()),
                PlatformLines.report(
                        invocation.requestId(),
                        durationMs,
                        config.settings().memoryMb(),
                        peak < 0 ? 0 : Math.max(1, peak / (1024 * 1024)),
                        cold && initMs >= 0 ? initMs : -1,
                        status,
                        errorType));
    }

    private void writeReport(Unreported u) {
        if (u != null) {
            writeReport(u.invocation(), u.deliveredNanos(), u.cold(), null, null);
        }
    }

    /** Takes the invocation waiting for its END and REPORT, if any. */
    private Unreported takeUnreported() {
        lock.lock();
        try {
            Unreported u = unreported;
            unreported = null;
            return u;
        } finally {
            lock.unlock();
        }
    }

    // ---- the Runtime API's side ----

    @Override
    public void next(RuntimeSession.Next next) {
        lock.lock();
        try {
            switch (state) {
                case State.Running r ->
                    throw RuntimeApiException.invalidStateTransition(
                            "State transition from Running to ReadyToInvoke is not allowed: respond to "
                                    + r.invocation().requestId() + " first");
                case State.Starting s -> {
                    initMs = (System.nanoTime() - s.startNanos()) / 1e6;
                    state = new State.Ready();
                    changed.signalAll();
                }
                default -> {}
            }
        } finally {
            lock.unlock();
        }
        // The last invocation's END and REPORT go into the log before the next one's START.
        writeReport(takeUnreported());
        Invocation invocation = null;
        long nanos = 0;
        boolean stopped = false;
        lock.lock();
        try {
            if (state instanceof State.Stopped) {
                stopped = true;
            } else if (pending != null && state instanceof State.Ready && next.open()) {
                invocation = pending;
                pending = null;
                nanos = start(invocation);
            } else {
                waiting.add(next);
            }
        } finally {
            lock.unlock();
        }
        if (stopped) {
            next.refuse(shuttingDown());
        } else if (invocation != null) {
            deliver(invocation, nanos, next);
        }
    }

    /** The invocation is the runtime's now; called with {@link #lock} held. Returns when it began. */
    private long start(Invocation invocation) {
        long now = System.nanoTime();
        boolean cold = !initDone;
        initDone = true;
        state = new State.Running(invocation, now, cold);
        return now;
    }

    /** Writes START and hands the invocation to the runtime's waiting {@code GET /next}. */
    private void deliver(Invocation invocation, long nanos, RuntimeSession.Next next) {
        log.platform(PlatformLines.start(invocation.requestId(), config.version()));
        long deadline = ctx.clock().millis() + config.settings().timeoutSeconds() * 1000L;
        invocation.delivered().complete(nanos);
        next.deliver(new Delivery(
                invocation.requestId(),
                deadline,
                invocation.invokedFunctionArn(),
                invocation.traceId(),
                invocation.clientContext(),
                null,
                "application/json",
                invocation.payload()));
    }

    private static RuntimeApiException shuttingDown() {
        return new RuntimeApiException(500, "ServiceException", "The environment is shutting down");
    }

    /** The oldest waiting {@code GET /next} whose connection is still open; called with {@link #lock} held. */
    private RuntimeSession.Next openWaiting() {
        RuntimeSession.Next next;
        while ((next = waiting.poll()) != null && !next.open()) {
            // its runtime went away
        }
        return next;
    }

    /** Refuses every waiting {@code GET /next} once the environment stopped. */
    private void refuseWaiting() {
        List<RuntimeSession.Next> refused;
        lock.lock();
        try {
            refused = List.copyOf(waiting);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        refused.forEach(next -> next.refuse(shuttingDown()));
    }

    @Override
    public void respond(String requestId, byte[] body, String contentType) {
        Invocation invocation = complete(requestId, true);
        invocation
                .result()
                .complete(new RuntimeResult.Response(body, contentType == null ? "application/json" : contentType));
    }

    @Override
    public void respondStreaming(String requestId, String contentType, InputStream body) throws IOException {
        Invocation invocation = running(requestId);
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
            complete(requestId, false)
                    .result()
                    .complete(new RuntimeResult.PlatformError(
                            "Function.ResponseSizeTooLarge",
                            ErrorDocuments.of(
                                    "Function.ResponseSizeTooLarge",
                                    "Response payload size exceeded maximum allowed payload size ("
                                            + StreamRelay.MAX_BYTES + " bytes).")));
            throw new RuntimeApiException(413, "RequestEntityTooLarge", "Response payload too large");
        }
        complete(requestId, true).result().complete(new RuntimeResult.Streamed(type));
    }

    /** The running invocation of this request id; the state does not change. */
    private Invocation running(String requestId) {
        lock.lock();
        try {
            return runningOf(requestId).invocation();
        } finally {
            lock.unlock();
        }
    }

    /** The Running state of this request id, else InvalidRequestID; called with {@link #lock} held. */
    private State.Running runningOf(String requestId) {
        if (!(state instanceof State.Running running)
                || !running.invocation().requestId().equals(requestId)) {
            throw RuntimeApiException.invalidRequestId();
        }
        return running;
    }

    @Override
    public void fail(String requestId, byte[] body, String errorTypeHeader) {
        Invocation invocation = complete(requestId, true);
        invocation.result().complete(new RuntimeResult.HandlerError(body, errorTypeHeader));
    }

    @Override
    public void responseTooLarge(String requestId) {
        Invocation invocation = complete(requestId, false);
        String message = "Response payload size exceeded maximum allowed payload size ("
                + RuntimeApiServer.MAX_RESPONSE_BYTES + " bytes).";
        invocation
                .result()
                .complete(new RuntimeResult.PlatformError(
                        "Function.ResponseSizeTooLarge", ErrorDocuments.of("Function.ResponseSizeTooLarge", message)));
    }

    /** Ends the running invocation; {@code reportLater} leaves END/REPORT to the runtime's next {@code /next}. */
    private Invocation complete(String requestId, boolean reportLater) {
        lock.lock();
        try {
            State.Running running = runningOf(requestId);
            state = new State.Ready();
            if (reportLater) {
                unreported = new Unreported(running.invocation(), running.deliveredNanos(), running.cold());
            }
            return running.invocation();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void initError(byte[] body, String errorTypeHeader) {
        Invocation waiting;
        lock.lock();
        try {
            if (!(state instanceof State.Starting)) {
                throw RuntimeApiException.invalidStateTransition("Init has already finished");
            }
            waiting = pending;
            pending = null;
            state = new State.Stopped("init error");
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        String type = errorTypeHeader == null ? "Runtime.Unknown" : errorTypeHeader;
        if (waiting != null) {
            waiting.result()
                    .complete(new RuntimeResult.PlatformError(
                            type, body.length == 0 ? ErrorDocuments.of(type, "Init failed") : body));
        }
    }

    // ---- the process and its output ----

    private void onExit() {
        String reason = ExitReasons.of(process.exitValue(), killedByNode);
        boolean outOfMemory = sandbox.outOfMemory();
        Invocation inFlight = null;
        Invocation notTaken = null;
        Unreported finished;
        lock.lock();
        try {
            switch (state) {
                case State.Running r -> inFlight = r.invocation();
                case State.Starting s -> inFlight = pending;
                default -> notTaken = pending;
            }
            pending = null;
            finished = unreported;
            unreported = null;
            if (!(state instanceof State.Stopped)) {
                state = new State.Stopped(reason);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        refuseWaiting();
        writeReport(finished);
        if (notTaken != null) {
            notTaken.result().complete(new RuntimeResult.NotTaken(reason));
        }
        if (inFlight != null) {
            String message = "RequestId: " + inFlight.requestId() + " Error: " + reason;
            String type = outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError";
            if (inFlight.result().complete(new RuntimeResult.PlatformError(type, ErrorDocuments.of(type, message)))) {
                log.platform(message, type);
            }
        }
        onStopped.accept(this);
    }

    // ---- shutdown ----

    /** Marks the environment stopped and kills its processes at once (after a timeout). */
    private void stop(String reason) {
        killedByNode = true;
        lock.lock();
        try {
            if (!(state instanceof State.Stopped)) {
                state = new State.Stopped(reason);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        refuseWaiting();
        sandbox.destroy(0);
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
        killedByNode = true;
        lock.lock();
        try {
            if (!(state instanceof State.Stopped)) {
                // Not signalled yet: a runtime parked in /next stays there and gets its SIGTERM as
                // on Lambda, instead of an error answer that would make it exit on its own first.
                state = new State.Stopped("shut down");
            }
        } finally {
            lock.unlock();
        }
        writeReport(takeUnreported());
        sandbox.destroy(ctx.shutdownGraceMillis());
        process.onExit().join();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        refuseWaiting();
        sandbox.close();
        if (spareDir != null) {
            Spares.deleteTree(spareDir);
        }
        runtimeApi.close();
        if (relay != null) {
            relay.close();
        }
        log.close();
    }

    @Override
    public String toString() {
        return "ExecutionEnvironment[" + config.name() + ":" + config.version() + " " + id + "]";
    }

    /** The base64 of a string; used for the Tail header. */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
