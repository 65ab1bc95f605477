package dev.lamina.lambda.invoke;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The invoke path: resolve → admit → acquire an environment → invoke (init first when cold) →
 * release. Runs on the caller's thread, holds no lock while the function runs, writes nothing to the
 * database. An Event invocation is handed to the durable queue ({@link AsyncDispatcher}) before the
 * 202; the dispatcher later runs each attempt through {@link #attempt}, the same path.
 */
public final class Invoker {
    public static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    public static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    private static final int MAX_CLIENT_CONTEXT = 3583;
    private static final byte[] EMPTY_EVENT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper CONTEXT_JSON = new ObjectMapper();

    private final FunctionRegistry functions;
    private final Environments environments;
    private final Arns arns;
    private final AsyncDispatcher events;
    private final Reservations reservations;
    private final Admission admission;

    public Invoker(
            FunctionRegistry functions, Reservations reservations, Environments environments, AsyncDispatcher events) {
        this.reservations = reservations;
        this.functions = functions;
        this.environments = environments;
        this.arns = functions.arns();
        this.events = events;
        this.admission = new Admission(reservations.limit());
    }

    public InvokeResponse invoke(InvokeRequest request) throws InterruptedException {
        return invoke(request, null);
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
        return invoke(request, stream);
    }

    private InvokeResponse invoke(InvokeRequest request, ResponseStream stream) throws InterruptedException {
        Arns.FunctionRef ref = arns.parse(request.functionName(), request.qualifier());
        FunctionConfig config = request.type() == InvokeRequest.InvocationType.DryRun
                ? functions.version(ref.name(), ref.qualifier())
                : functions.forInvoke(ref.name(), ref.qualifier());
        byte[] payload = checkPayload(request);
        String requestId = requestId(request);
        String invokedArn = arns.functionArn(ref.name(), ref.qualifier());
        return switch (request.type()) {
            case DryRun -> new InvokeResponse(204, requestId, new byte[0], null, null, null, null);
            case Event -> {
                events.accept(requestId, ref.name(), ref.qualifier(), invokedArn, traceId(), payload);
                yield new InvokeResponse(202, requestId, new byte[0], null, null, null, null);
            }
            case RequestResponse -> {
                ResponseSink sink =
                        stream == null ? null : contentType -> stream.open(requestId, config.version(), contentType);
                yield response(
                        requestId, run(config, invocation(request, requestId, payload, invokedArn, sink)), config);
            }
        };
    }

    private static String requestId(InvokeRequest request) {
        return request.requestId() != null
                ? request.requestId()
                : UUID.randomUUID().toString();
    }

    /** A synchronous invocation of {@code request}; {@code sink} takes a streamed response, or is {@code null}. */
    private static Invocation invocation(
            InvokeRequest request, String requestId, byte[] payload, String invokedArn, ResponseSink sink) {
        return new Invocation(
                requestId,
                payload,
                invokedArn,
                clientContext(request.clientContext()),
                traceId(),
                request.tail(),
                sink);
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

    /**
     * {@link #invoke} without blocking the caller's thread. A warm environment runs a synchronous
     * invocation with no thread of its own: the future completes on the thread that ends it, most
     * often the Runtime API's event loop as the runtime answers. What has to wait — a cold start, a
     * function whose code is still being prepared, a log tail, an Event invocation's durable write —
     * runs the blocking path on a virtual thread instead. Fails with {@link AwsException} as
     * {@link #invoke} throws it.
     */
    public CompletableFuture<InvokeResponse> invokeAsync(InvokeRequest request) {
        if (request.type() != InvokeRequest.InvocationType.RequestResponse || request.tail()) {
            return onVirtualThread(() -> invoke(request));
        }
        try {
            Arns.FunctionRef ref = arns.parse(request.functionName(), request.qualifier());
            FunctionConfig config = functions.forInvokeNow(ref.name(), ref.qualifier());
            if (config == null) {
                return onVirtualThread(() -> invoke(request));
            }
            byte[] payload = checkPayload(request);
            String requestId = requestId(request);
            Invocation invocation =
                    invocation(request, requestId, payload, arns.functionArn(ref.name(), ref.qualifier()), null);
            Admission.Permit permit =
                    admission.admit(config.name(), reservations.of(config.name()), reservations.total());
            CompletableFuture<ExecutionEnvironment> warm;
            try {
                warm = environments.acquireWarm(config);
            } catch (IOException | RuntimeException e) {
                permit.close();
                throw AwsException.service("Could not start an execution environment: " + e.getMessage());
            }
            CompletableFuture<InvokeResponse> response = new CompletableFuture<>();
            warm.whenComplete((env, failure) -> {
                if (failure != null) {
                    permit.close();
                    response.completeExceptionally(failure);
                } else if (env == null) {
                    // a cold start: the blocking path, with the permit already held
                    finishBlocking(response, requestId, config, invocation, permit, () -> acquire(config, true), 1);
                } else if (!env.initialised()) {
                    finishBlocking(response, requestId, config, invocation, permit, () -> env, 1);
                } else {
                    runWarm(response, requestId, config, invocation, permit, env);
                }
            });
            return response;
        } catch (AwsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs the invocation in a warm environment without a thread; ends by releasing both. */
    private void runWarm(
            CompletableFuture<InvokeResponse> response,
            String requestId,
            FunctionConfig config,
            Invocation invocation,
            Admission.Permit permit,
            ExecutionEnvironment env) {
        CompletableFuture<Outcome> outcome;
        try {
            outcome = env.invokeAsync(invocation);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((done, error) -> {
            try {
                environments.release(env);
            } finally {
                if (error instanceof EnvironmentStoppedException) {
                    finishBlocking(
                            response, requestId, config, invocation.retry(), permit, () -> acquire(config, false), 2);
                } else {
                    permit.close();
                    if (error != null) {
                        response.completeExceptionally(error);
                    } else {
                        response.complete(response(requestId, done, config));
                    }
                }
            }
        });
    }

    /**
     * Runs the rest of an admitted invocation on a virtual thread, as its try {@code firstTry}, in
     * the environment {@code first} gives.
     */
    private void finishBlocking(
            CompletableFuture<InvokeResponse> response,
            String requestId,
            FunctionConfig config,
            Invocation invocation,
            Admission.Permit permit,
            Supplier<ExecutionEnvironment> first,
            int firstTry) {
        onVirtualThread(
                response, () -> response(requestId, runAdmitted(config, invocation, permit, first, firstTry), config));
    }

    private static CompletableFuture<InvokeResponse> onVirtualThread(Callable<InvokeResponse> call) {
        CompletableFuture<InvokeResponse> response = new CompletableFuture<>();
        onVirtualThread(response, call);
        return response;
    }

    /** Completes {@code response} with what {@code call}, run on a virtual thread of its own, returns or throws. */
    private static void onVirtualThread(CompletableFuture<InvokeResponse> response, Callable<InvokeResponse> call) {
        Thread.ofVirtual().start(() -> {
            try {
                response.complete(call.call());
            } catch (Throwable e) {
                response.completeExceptionally(e);
            }
        });
    }

    /** Admits the invocation under the concurrency limits, then runs it in an environment. */
    private Outcome run(FunctionConfig config, Invocation invocation) throws InterruptedException {
        Admission.Permit permit = admission.admit(config.name(), reservations.of(config.name()), reservations.total());
        return runAdmitted(config, invocation, permit, () -> acquire(config, false), 1);
    }

    /**
     * Runs an admitted invocation in the environment {@code first} gives (marked busy), or in
     * another one acquired here when that one stopped before it could take it, up to three tries in
     * all ({@code firstTry} counts those made before). Closes the permit.
     */
    private Outcome runAdmitted(
            FunctionConfig config,
            Invocation invocation,
            Admission.Permit permit,
            Supplier<ExecutionEnvironment> first,
            int firstTry)
            throws InterruptedException {
        try {
            Invocation attempt = invocation;
            for (int tries = firstTry; ; tries++) {
                ExecutionEnvironment env = tries == firstTry ? first.get() : acquire(config, false);
                try {
                    return env.invoke(attempt);
                } catch (EnvironmentStoppedException e) {
                    if (tries == 3) {
                        throw AwsException.service(
                                "No execution environment could take the invocation: " + e.getMessage());
                    }
                    attempt = invocation.retry();
                } finally {
                    environments.release(env);
                }
            }
        } finally {
            permit.close();
        }
    }

    /** An environment for the invocation, marked busy: any (warm if one is idle), or a newly started one. */
    private ExecutionEnvironment acquire(FunctionConfig config, boolean fresh) {
        try {
            return fresh ? environments.startNew(config) : environments.acquire(config);
        } catch (IOException e) {
            throw AwsException.service("Could not start an execution environment: " + e.getMessage());
        } catch (CapacityExceededException e) {
            throw LambdaErrors.tooManyRequests("ConcurrentInvocationLimitExceeded");
        }
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
        Invocation invocation =
                new Invocation(event.requestId(), event.payload(), event.invokedArn(), null, event.traceId(), false);
        Outcome outcome = run(config, invocation);
        return new FunctionResponse(config.version(), outcome.functionError(), outcome.body());
    }

    /** How many more invocations of a function the concurrency limits would admit now. */
    int available(String functionName) {
        return admission.available(functionName, reservations.of(functionName), reservations.total());
    }

    private static byte[] checkPayload(InvokeRequest request) {
        byte[] payload = request.payload();
        int limit = request.type() == InvokeRequest.InvocationType.Event ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (payload.length > limit) {
            throw LambdaErrors.requestTooLarge(
                    "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
        }
        if (payload.length == 0) {
            return EMPTY_EVENT;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() == null) {
                return EMPTY_EVENT;
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("Unexpected content after the JSON value");
            }
        } catch (IOException e) {
            throw LambdaErrors.invalidRequestContent(
                    "Could not parse request body into json: " + firstLine(e.getMessage()));
        }
        return payload;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid JSON";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String clientContext(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        if (header.length() > MAX_CLIENT_CONTEXT) {
            throw LambdaErrors.invalidParameter(
                    "Client context must be smaller than " + MAX_CLIENT_CONTEXT + " bytes.");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            throw LambdaErrors.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
        try {
            JsonNode context = CONTEXT_JSON.readTree(decoded);
            if (context == null || !context.isObject()) {
                throw new IOException("not an object");
            }
            // written again on one line: the runtime gets it in a header, where a line break cannot go
            return CONTEXT_JSON.writeValueAsString(context);
        } catch (IOException e) {
            throw LambdaErrors.invalidParameter("Client context must be a valid Base64-encoded JSON object.");
        }
    }

    private static String traceId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        r.nextBytes(id);
        r.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(id) + ";Parent="
                + hex.formatHex(parent) + ";Sampled=0";
    }
}
