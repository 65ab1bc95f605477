package dev.lamina.environment;

import dev.lamina.function.FunctionConfig;
import dev.lamina.logs.PlatformLines;
import dev.lamina.runtime.HostRuntime;
import dev.lamina.runtimeapi.RuntimeApiException;
import dev.lamina.runtimeapi.RuntimeApiServer;
import dev.lamina.runtimeapi.RuntimeSession;
import dev.lamina.sandbox.ProcessLauncher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One runtime process tree serving one function version, one invocation at a time, through its own
 * Runtime API endpoint. Lifecycle: {@link State.Starting} → ({@link State.Ready} ⇄
 * {@link State.Running})* → {@link State.Stopped}; a Runtime API call that the current state does not
 * allow is refused (403 / 400) and changes nothing.
 *
 * <p>Threads: {@link #invoke} runs on the caller's thread and blocks until the invocation ends; the
 * Runtime API methods run on the endpoint's virtual threads; {@link #onExit} on the process-exit
 * thread. All state changes happen under {@link #lock}.
 */
public final class ExecutionEnvironment implements RuntimeSession, AutoCloseable {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STREAM_DATE =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final int TAIL_BYTES = 4096;

    /** Where the environment is in its life. */
    sealed interface State {
        record Starting(long startNanos) implements State {}

        record Ready() implements State {}

        record Running(Invocation invocation, long deliveredNanos) implements State {}

        record Stopped(String reason) implements State {}
    }

    private final EnvironmentContext ctx;
    private final FunctionConfig config;
    private final String id;
    private final String logGroup;
    private final String logStream;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Consumer<ExecutionEnvironment> onStopped;
    private final LogPipe logPipe;
    private final RuntimeApiServer runtimeApi;
    private final ProcessLauncher.Launched launched;

    private State state;
    private Invocation pending;
    private double initMs = -1;
    private boolean initReported;
    private volatile long lastUsedNanos = System.nanoTime();

    // Owned by the log reader thread, except reportSeen which the invoker sets before writing REPORT.
    // Capture starts with the process, so a cold start's tail includes what init printed.
    private StringBuilder tail = new StringBuilder(512);
    private volatile CompletableFuture<String> reportSeen = new CompletableFuture<>();

    /**
     * Starts the runtime. Returns once the process is spawned; init continues in the background
     * until the runtime first calls {@code GET /next}.
     *
     * @param onStopped told once when the runtime process exits, on the process-exit thread; the
     *     owner then {@link #close()}s the environment unless an invocation is still finishing in it
     */
    public ExecutionEnvironment(
            EnvironmentContext ctx, FunctionConfig config, Path taskRoot, Consumer<ExecutionEnvironment> onStopped)
            throws IOException {
        this.ctx = ctx;
        this.config = config;
        this.onStopped = onStopped;
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        this.id = HexFormat.of().formatHex(random);
        this.logGroup = "/aws/lambda/" + config.name();
        this.logStream = STREAM_DATE.format(ctx.clock().instant()) + "/[" + config.version() + "]" + id;
        this.state = new State.Starting(System.nanoTime());
        this.logPipe = new LogPipe(ctx.runDir().resolve("env-" + id + ".out"), this::onLine);
        RuntimeApiServer api = null;
        ProcessLauncher.Launched started = null;
        try {
            api = new RuntimeApiServer(this, ctx.executor());
            HostRuntime runtime = ctx.runtimes().require(config.settings().runtime());
            List<String> command = ctx.runtimeFiles()
                    .command(
                            runtime,
                            config.settings().handler(),
                            config.settings().memoryMb(),
                            taskRoot);
            started = ctx.launcher().launch(command, environment(api.address(), taskRoot), taskRoot, logPipe.path());
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            logPipe.close();
            throw e;
        }
        this.runtimeApi = api;
        this.launched = started;
        logPipe.unlink();
        launched.process().onExit().thenRun(this::onExit);
    }

    public FunctionConfig config() {
        return config;
    }

    public String id() {
        return id;
    }

    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    public boolean isStopped() {
        lock.lock();
        try {
            return state instanceof State.Stopped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs one invocation to its end. Called by the invoker on its own thread; blocks until the
     * runtime answers, the runtime fails, or the function's timeout passes (the environment is then
     * stopped and the caller gets {@code Sandbox.Timedout}).
     *
     * @throws EnvironmentStoppedException if the environment stopped before it could take the
     *     invocation; nothing ran, another environment may be used
     */
    public Outcome invoke(Invocation invocation) throws EnvironmentStoppedException, InterruptedException {
        boolean cold;
        lock.lock();
        try {
            if (state instanceof State.Stopped stopped) {
                throw new EnvironmentStoppedException(stopped.reason());
            }
            if (pending != null || state instanceof State.Running) {
                throw new IllegalStateException("environment " + id + " is busy");
            }
            cold = !initReported;
            pending = invocation;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        long timeoutMillis = config.settings().timeoutSeconds() * 1000L;
        RuntimeResult result = await(invocation, cold, timeoutMillis);
        lastUsedNanos = System.nanoTime();
        return finish(invocation, result, cold);
    }

    private RuntimeResult await(Invocation invocation, boolean cold, long timeoutMillis) throws InterruptedException {
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
                new RuntimeResult.PlatformError("Sandbox.Timedout", errorDocument("Sandbox.Timedout", message));
        if (invocation.result().complete(timeout)) {
            logPipe.platform(ISO.format(ctx.clock().instant()) + " " + invocation.requestId() + " Task timed out after "
                    + seconds + " seconds");
            stop("timed out");
        }
        return invocation.result().join();
    }

    /** Writes END and REPORT behind the function's output and builds the caller's outcome. */
    private Outcome finish(Invocation invocation, RuntimeResult result, boolean cold) {
        long endNanos = System.nanoTime();
        Long delivered = invocation.delivered().getNow(null);
        double durationMs = delivered == null ? 0 : (endNanos - delivered) / 1e6;
        String status = null;
        String errorType = null;
        if (result instanceof RuntimeResult.PlatformError pe) {
            status = pe.errorType().equals("Sandbox.Timedout") ? "timeout" : "error";
            errorType = status.equals("error") ? pe.errorType() : null;
        }
        long peak = launched.peakMemoryBytes();
        launched.resetPeakMemory();
        double init = cold ? initMs : -1;
        CompletableFuture<String> report = new CompletableFuture<>();
        reportSeen = report;
        if (delivered == null) {
            logPipe.platform(PlatformLines.start(invocation.requestId(), config.version()));
        }
        logPipe.platform(
                PlatformLines.end(invocation.requestId()),
                PlatformLines.report(
                        invocation.requestId(),
                        durationMs,
                        config.settings().memoryMb(),
                        peak < 0 ? 0 : Math.max(1, peak / (1024 * 1024)),
                        init,
                        status,
                        errorType));
        String logTail = null;
        if (invocation.tail()) {
            try {
                logTail = report.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                logTail = "";
            }
        }
        return switch (result) {
            case RuntimeResult.Response r ->
                new Outcome(r.body(), r.contentType(), null, logTail, durationMs, init, cold);
            case RuntimeResult.HandlerError h ->
                new Outcome(h.body(), "application/json", "Unhandled", logTail, durationMs, init, cold);
            case RuntimeResult.PlatformError p ->
                new Outcome(p.body(), "application/json", "Unhandled", logTail, durationMs, init, cold);
        };
    }

    // ---- Runtime API side ----

    @Override
    public Delivery next() throws InterruptedException {
        Invocation invocation;
        long now;
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
                }
                default -> {}
            }
            while (pending == null && !(state instanceof State.Stopped)) {
                changed.await();
            }
            if (state instanceof State.Stopped) {
                throw new RuntimeApiException(500, "ServiceException", "The environment is shutting down");
            }
            invocation = pending;
            pending = null;
            now = System.nanoTime();
            state = new State.Running(invocation, now);
            initReported = true;
        } finally {
            lock.unlock();
        }
        logPipe.platform(PlatformLines.start(invocation.requestId(), config.version()));
        long deadline = ctx.clock().millis() + config.settings().timeoutSeconds() * 1000L;
        invocation.delivered().complete(now);
        return new Delivery(
                invocation.requestId(),
                deadline,
                invocation.invokedFunctionArn(),
                invocation.traceId(),
                invocation.clientContext(),
                null,
                "application/json",
                invocation.payload());
    }

    @Override
    public void respond(String requestId, byte[] body, String contentType) {
        Invocation invocation = complete(requestId);
        invocation
                .result()
                .complete(new RuntimeResult.Response(body, contentType == null ? "application/json" : contentType));
    }

    @Override
    public void fail(String requestId, byte[] body, String errorTypeHeader) {
        Invocation invocation = complete(requestId);
        invocation.result().complete(new RuntimeResult.HandlerError(body, errorTypeHeader));
    }

    @Override
    public void responseTooLarge(String requestId) {
        Invocation invocation = complete(requestId);
        String message = "Response payload size exceeded maximum allowed payload size ("
                + RuntimeApiServer.MAX_RESPONSE_BYTES + " bytes).";
        invocation
                .result()
                .complete(new RuntimeResult.HandlerError(
                        errorDocument("Function.ResponseSizeTooLarge", message), "Function.ResponseSizeTooLarge"));
    }

    private Invocation complete(String requestId) {
        lock.lock();
        try {
            if (!(state instanceof State.Running running)
                    || !running.invocation().requestId().equals(requestId)) {
                throw RuntimeApiException.invalidRequestId();
            }
            state = new State.Ready();
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
                            type, body.length == 0 ? errorDocument(type, "Init failed") : body));
        }
    }

    // ---- process and output ----

    private void onExit() {
        Process p = launched.process();
        int code = p.exitValue();
        String reason = code == 0
                ? "Runtime exited without providing a reason"
                : "Runtime exited with error: "
                        + (code > 128 ? "signal: " + signalName(code - 128) : "exit status " + code);
        Invocation inFlight;
        lock.lock();
        try {
            inFlight = switch (state) {
                case State.Running r -> r.invocation();
                default -> pending;
            };
            pending = null;
            if (!(state instanceof State.Stopped)) {
                state = new State.Stopped(reason);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (inFlight != null) {
            String message = "RequestId: " + inFlight.requestId() + " Error: " + reason;
            if (inFlight.result()
                    .complete(new RuntimeResult.PlatformError(
                            "Runtime.ExitError", errorDocument("Runtime.ExitError", message)))) {
                logPipe.platform(message, "Runtime.ExitError");
            }
        }
        onStopped.accept(this);
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> "killed";
            case 15 -> "terminated";
            case 6 -> "aborted";
            case 11 -> "segmentation fault";
            default -> Integer.toString(signal);
        };
    }

    private void onLine(String line, boolean platform) {
        long now = ctx.clock().millis();
        ctx.logs().append(logGroup, logStream, now, line);
        if (platform && line.startsWith("START RequestId: ") && tail == null) {
            tail = new StringBuilder(512);
        }
        if (tail != null) {
            tail.append(line).append('\n');
            if (tail.length() > 64 * 1024) {
                tail.delete(0, tail.length() - 8 * 1024);
            }
        }
        if (platform && line.startsWith("REPORT RequestId: ")) {
            String text = tail == null ? line + "\n" : tail.toString();
            tail = null;
            reportSeen.complete(lastBytes(text, TAIL_BYTES));
        }
    }

    private static String lastBytes(String text, int max) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return text;
        }
        return new String(bytes, bytes.length - max, max, StandardCharsets.UTF_8);
    }

    static byte[] errorDocument(String type, String message) {
        String json = "{\"errorMessage\":" + quote(message) + ",\"errorType\":" + quote(type) + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private Map<String, String> environment(String runtimeApi, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put(
                "LD_LIBRARY_PATH",
                "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib");
        env.put("NODE_PATH", "/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task");
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.putAll(config.settings().environment());
        String region = ctx.arns().region();
        env.put("_HANDLER", config.settings().handler());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.settings().runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.name());
        env.put(
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                Integer.toString(config.settings().memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", config.version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", ctx.runtimeFiles().dir().toString());
        return env;
    }

    // ---- shutdown ----

    /** Marks the environment stopped and kills its processes; the in-flight invocation, if any, fails. */
    private void stop(String reason) {
        lock.lock();
        try {
            if (!(state instanceof State.Stopped)) {
                state = new State.Stopped(reason);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        launched.destroy(0);
    }

    /**
     * Shuts the environment down: SIGTERM, the grace period, then SIGKILL; releases its endpoint
     * and pipe. Safe to call more than once and from any thread.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!(state instanceof State.Stopped)) {
                state = new State.Stopped("shut down");
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        launched.destroy(ctx.shutdownGraceMillis());
        launched.process().onExit().join();
        runtimeApi.close();
        logPipe.close();
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public String toString() {
        return "ExecutionEnvironment[" + config.name() + ":" + config.version() + " " + id + "]";
    }

    /** The base64 of a string; used for the Tail header. */
    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The time now as Lambda writes it in log lines. */
    static String iso(Instant instant) {
        return ISO.format(instant);
    }
}
