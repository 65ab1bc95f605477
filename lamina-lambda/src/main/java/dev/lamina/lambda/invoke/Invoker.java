package dev.lamina.lambda.invoke;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.environment.EnvironmentStoppedException;
import dev.lamina.lambda.environment.ExecutionEnvironment;
import dev.lamina.lambda.environment.Invocation;
import dev.lamina.lambda.environment.Outcome;
import dev.lamina.lambda.environment.ResponseSink;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Reservations;
import dev.lamina.lambda.pool.CapacityExceededException;
import dev.lamina.lambda.pool.Environments;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationTrace;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The invoke path, one pipeline for every caller: resolve → check the payload → admit → acquire an
 * environment → deliver → await → release. Holds no lock while the function runs and writes nothing
 * to the database, except an Event invocation's durable enqueue ({@link AsyncDispatcher}) before its
 * 202; the dispatcher later runs each attempt through {@link #attempt}, the same pipeline.
 *
 * <p>No step holds a thread while it waits, and only the steps that must block move to a virtual
 * thread: a function whose code is still being prepared, an Event invocation's database write, a cold
 * start (spawning the runtime), and the waits for a log tail or a streamed response. A warm invocation
 * runs with no thread of its own (decision 20): acquire takes an idle environment, or waits for a
 * released one as a future (decision 18); deliver answers the runtime's waiting {@code GET /next}; the
 * runtime's {@code POST /response} completes the caller's future on the Runtime API's event loop, and
 * the release runs there too.
 */
public final class Invoker {
    public static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    public static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    /** How many environments an invocation may try when the one it got stopped before taking it. */
    private static final int TRIES = 3;

    private final FunctionRegistry functions;
    private final Environments environments;
    private final Arns arns;
    private final AsyncDispatcher events;
    private final Reservations reservations;
    private final Admission admission;
    private final InvocationIds ids;
    private final InvocationObserver observer;

    /**
     * @param ids makes the request and trace ids of invocations whose callers bring none
     * @param observer told of each invocation refused for want of concurrency (a throttle)
     */
    public Invoker(
            FunctionRegistry functions,
            Reservations reservations,
            Environments environments,
            AsyncDispatcher events,
            InvocationIds ids,
            InvocationObserver observer) {
        this.reservations = reservations;
        this.functions = functions;
        this.environments = environments;
        this.arns = functions.arns();
        this.events = events;
        this.admission = new Admission(reservations.limit());
        this.ids = ids;
        this.observer = observer;
    }

    /** Invocations running now, of every function: Lambda's ConcurrentExecutions. */
    public int concurrentExecutions() {
        return admission.inFlight();
    }

    /** The ids of invocations, for a caller that names an invocation before it starts it (a function URL). */
    public InvocationIds ids() {
        return ids;
    }

    /** An invocation admitted to run: what it runs and the concurrency it holds until it ends. */
    private record Admitted(FunctionConfig config, Invocation invocation, Admission.Permit permit) {}

    /**
     * Runs an invocation to its end on the caller's thread: the pipeline, joined. Throws {@link
     * AwsException} for what the caller did wrong (400, 404, 413, 429) and when no environment could
     * run it (5xx).
     */
    public InvokeResponse invoke(InvokeRequest request) throws InterruptedException {
        return join(start(request, null, true));
    }

    /**
     * A synchronous invocation whose response the function may stream: what it streams goes to
     * {@code stream} as it arrives, and the returned response then has an empty body; a function
     * that answers at once (or fails before it streams) is answered as by {@link #invoke}.
     */
    public InvokeResponse invokeWithResponseStream(InvokeRequest request, ResponseStream stream)
            throws InterruptedException {
        if (request.type() == InvokeRequest.InvocationType.Event) {
            throw LambdaErrors.invalidParameter("An Event invocation cannot stream its response");
        }
        return join(start(request, stream, true));
    }

    /**
     * {@link #invoke} without blocking the caller's thread, which may be the edge's event loop. The
     * future completes on the thread that ends the invocation (most often the Runtime API's event
     * loop, as the runtime answers) and fails with the {@link AwsException} that {@link #invoke}
     * would throw.
     */
    public CompletableFuture<InvokeResponse> invokeAsync(InvokeRequest request) {
        return start(request, null, false);
    }

    /**
     * Runs one attempt of a queued Event invocation, under its own request id, through the same path
     * as a synchronous invoke. Called by {@link AsyncDispatcher} on a virtual thread of its own.
     *
     * @throws AwsException as {@link #invoke} does: 429 over a concurrency limit, 404 when the
     *     function is gone, 5xx when no environment could take it
     */
    public FunctionResponse attempt(AsyncEvent event) throws InterruptedException {
        FunctionConfig config = functions.forInvoke(event.functionName(), event.qualifier());
        CallerTrace caller = event.traceId() == null ? null : CallerTrace.fromAmzn(event.traceId());
        InvocationTrace trace = (caller == null ? ids.newTrace() : caller).child(ids.spanId());
        Invocation invocation =
                new Invocation(event.requestId(), event.payload(), event.invokedArn(), null, trace, false);
        Outcome outcome = join(run(new Admitted(config, invocation, admit(config)), true));
        return new FunctionResponse(config.version(), outcome.functionError(), outcome.body());
    }

    /** How many more invocations of a function the concurrency limits would admit now. */
    int available(String functionName) {
        return admission.available(functionName, reservations.of(functionName), reservations.total());
    }

    // ---- resolve, check, admit ----

    /**
     * The pipeline up to admission, on the caller's thread; what may block moves to a virtual thread
     * unless {@code mayBlock}. Fails the future (never throws) with the caller's errors.
     */
    private CompletableFuture<InvokeResponse> start(InvokeRequest request, ResponseStream stream, boolean mayBlock) {
        try {
            if (!mayBlock && request.type() != InvokeRequest.InvocationType.RequestResponse) {
                // a DryRun reads the registry, an Event writes the queue: both may wait
                return continueOnVirtualThread(() -> start(request, stream, true));
            }
            Arns.FunctionRef ref = arns.parseNamespaced(request.functionName(), request.qualifier());
            FunctionConfig config = resolve(ref, request.type(), mayBlock);
            if (config == null) {
                // its code is still being prepared: wait for it off the caller's thread
                return continueOnVirtualThread(() -> start(request, stream, true));
            }
            byte[] payload = InvokeInput.payload(request);
            String requestId = request.requestId() != null ? request.requestId() : ids.requestId();
            String invokedArn = arns.functionArn(ref.name(), ref.qualifier());
            CallerTrace caller = request.caller() != null ? request.caller() : ids.newTrace();
            return switch (request.type()) {
                case DryRun ->
                    CompletableFuture.completedFuture(
                            new InvokeResponse(204, requestId, new byte[0], null, null, null, null));
                case Event -> {
                    events.accept(requestId, ref.name(), ref.qualifier(), invokedArn, caller.amznHeader(), payload);
                    yield CompletableFuture.completedFuture(
                            new InvokeResponse(202, requestId, new byte[0], null, null, null, null));
                }
                case RequestResponse -> {
                    ResponseSink sink = stream == null
                            ? null
                            : contentType -> stream.open(requestId, config.version(), contentType);
                    Invocation invocation = new Invocation(
                            requestId,
                            payload,
                            invokedArn,
                            InvokeInput.clientContext(request.clientContext()),
                            caller.child(ids.spanId()),
                            request.trigger(),
                            request.tail(),
                            sink);
                    yield run(new Admitted(config, invocation, admit(config)), mayBlock)
                            .thenApply(outcome -> response(requestId, outcome, config));
                }
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The configuration to run; {@code null} when it is not ready and the caller may not wait. */
    private FunctionConfig resolve(Arns.FunctionRef ref, InvokeRequest.InvocationType type, boolean mayBlock) {
        if (type == InvokeRequest.InvocationType.DryRun) {
            return functions.version(ref.name(), ref.qualifier());
        }
        return mayBlock
                ? functions.forInvoke(ref.name(), ref.qualifier())
                : functions.forInvokeNow(ref.name(), ref.qualifier());
    }

    /** Counts the invocation against its function's concurrency limits; 429 past them. */
    private Admission.Permit admit(FunctionConfig config) {
        try {
            return admission.admit(config.name(), reservations.of(config.name()), reservations.total());
        } catch (AwsException e) {
            observer.throttled(config.name()); // Admission refuses only with 429
            throw e;
        }
    }

    private static InvokeResponse response(String requestId, Outcome outcome, FunctionConfig config) {
        return new InvokeResponse(
                200,
                requestId,
                outcome.body(),
                outcome.contentType(),
                outcome.functionError(),
                outcome.logTail() == null ? null : ExecutionEnvironment.base64(outcome.logTail()),
                config.version());
    }

    // ---- acquire, deliver, await, release ----

    /** @param mayBlock the calling thread may wait (it joins the result); else it must never block */
    private CompletableFuture<Outcome> run(Admitted admitted, boolean mayBlock) {
        return new Run(admitted, mayBlock ? Thread.currentThread() : null).start();
    }

    /**
     * One admitted invocation on its way: acquire an environment → deliver → await → release; again in
     * another environment when the one it got stopped before it could take it, up to {@link #TRIES}
     * in all. Its future completes once, after the last release, when the permit is given back. Each
     * step runs on the thread that ended the one before it.
     */
    private final class Run {
        private final Admitted admitted;
        /**
         * The caller's thread when it waits for the outcome anyway: a step that must block runs on it
         * rather than on a virtual thread of its own, when the step before ended on it.
         */
        private final Thread blockable;

        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        /** Environments tried so far; each step happens after the one before, on whichever thread. */
        private int tries;

        Run(Admitted admitted, Thread blockable) {
            this.admitted = admitted;
            this.blockable = blockable;
        }

        /** Whether this thread may block: a virtual thread this run started, or the waiting caller's. */
        private boolean mayBlockHere(boolean onVirtualThread) {
            return onVirtualThread || Thread.currentThread() == blockable;
        }

        CompletableFuture<Outcome> start() {
            acquire(admitted.invocation());
            return outcome.whenComplete((done, e) -> admitted.permit().close());
        }

        /**
         * An idle environment, at once or handed over by a release (decision 18), both without a
         * thread; else a cold start on a virtual thread.
         */
        private void acquire(Invocation invocation) {
            tries++;
            CompletableFuture<ExecutionEnvironment> warm;
            try {
                warm = environments.acquireWarm(admitted.config());
            } catch (IOException | RuntimeException e) {
                outcome.completeExceptionally(couldNotStart(e));
                return;
            }
            warm.whenComplete((env, failure) -> {
                if (failure != null) {
                    outcome.completeExceptionally(unwrap(failure));
                } else if (env != null) {
                    deliver(env, invocation, false);
                } else if (mayBlockHere(false)) {
                    coldStart(invocation);
                } else {
                    Thread.ofVirtual().start(() -> coldStart(invocation));
                }
            });
        }

        /** Starts a new environment for the invocation; on a virtual thread, as spawning a runtime blocks. */
        private void coldStart(Invocation invocation) {
            ExecutionEnvironment env;
            try {
                env = environments.startNew(admitted.config());
            } catch (IOException e) {
                outcome.completeExceptionally(couldNotStart(e));
                return;
            } catch (CapacityExceededException e) {
                observer.throttled(admitted.config().name());
                outcome.completeExceptionally(LambdaErrors.tooManyRequests("ConcurrentInvocationLimitExceeded"));
                return;
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                return;
            }
            deliver(env, invocation, true);
        }

        /**
         * Hands the invocation to {@code env} and awaits its end without a thread; a caller who asked
         * for the log tail or a streamed response waits for them on a thread that may block (this one
         * when {@code onVirtualThread} or it is the waiting caller's, else a virtual thread of its own).
         * Then releases the environment and ends the run or tries again.
         */
        private void deliver(ExecutionEnvironment env, Invocation invocation, boolean onVirtualThread) {
            CompletableFuture<Outcome> ended;
            if (invocation.tail() || invocation.relay() != null) {
                ended = mayBlockHere(onVirtualThread)
                        ? call(() -> env.invoke(invocation))
                        : onVirtualThread(() -> env.invoke(invocation));
            } else {
                try {
                    ended = env.invokeAsync(invocation);
                } catch (RuntimeException e) {
                    ended = CompletableFuture.failedFuture(e);
                }
            }
            ended.whenComplete((done, error) -> {
                try {
                    environments.release(env);
                } finally {
                    Throwable cause = error == null ? null : unwrap(error);
                    if (!(cause instanceof EnvironmentStoppedException stopped)) {
                        complete(outcome, done, cause);
                    } else if (tries == TRIES) {
                        outcome.completeExceptionally(AwsException.service(
                                "No execution environment could take the invocation: " + stopped.getMessage()));
                    } else {
                        acquire(admitted.invocation().retry());
                    }
                }
            });
        }
    }

    private static AwsException couldNotStart(Exception e) {
        return AwsException.service("Could not start an execution environment: " + e.getMessage());
    }

    // ---- futures and threads ----

    /** The future of what {@code call} returns or throws, run on a virtual thread of its own. */
    private static <T> CompletableFuture<T> onVirtualThread(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> relay(call(call), result));
        return result;
    }

    /** {@link #onVirtualThread} for the rest of a pipeline, which itself ends in a future. */
    private static <T> CompletableFuture<T> continueOnVirtualThread(Supplier<CompletableFuture<T>> rest) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> relay(rest.get(), result));
        return result;
    }

    /** What {@code call} returns or throws, on this thread, as a completed future. */
    private static <T> CompletableFuture<T> call(Callable<T> call) {
        try {
            return CompletableFuture.completedFuture(call.call());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, e) -> complete(to, value, e == null ? null : unwrap(e)));
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(value);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** The pipeline's result on this thread, with what it failed with thrown as it was. */
    private static <T> T join(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(cause);
        }
    }
}
