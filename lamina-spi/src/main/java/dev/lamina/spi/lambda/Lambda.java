package dev.lamina.spi.lambda;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What other services may ask of Lambda, and all they may ask: to run a function and wait for its
 * answer (as API Gateway does), to queue an event for it durably (as S3 notifications do), to look a
 * function up and check its resource policy, and to hear when functions change. Nothing else of the
 * Lambda module is visible to them: not its pools, environments, sandboxes nor Runtime API.
 *
 * <p>Errors a caller can cause come as {@link dev.lamina.core.AwsException} in Lambda's words
 * ({@code ResourceNotFoundException}, {@code TooManyRequestsException}, …), thrown or as the
 * future's failure.
 */
public interface Lambda {
    /**
     * Runs a function synchronously (RequestResponse). Returns at once; the future completes when the
     * function answers or fails, on whichever thread ends the invocation: a caller must not block it.
     */
    CompletableFuture<InvocationResult> invoke(SyncInvocation invocation);

    /**
     * Queues an asynchronous (Event) invocation and returns once it is committed: from then on it is
     * delivered at least once, with the function's retries, maximum age and destinations, also across
     * a crash of the node. Returns the invocation's request id. Blocks on the database: call it from a
     * thread that may.
     */
    String enqueue(EventInvocation invocation);

    /** The function (and qualifier) a name or ARN refers to, if it exists. */
    Optional<FunctionRef> lookup(String functionNameOrArn, String qualifier);

    /**
     * Whether the function's resource-based policy lets {@code principal} (a service such as
     * {@code s3.amazonaws.com}, an account or an ARN) invoke it, for a source ARN when one is given.
     */
    boolean allowsInvoke(FunctionRef function, String principal, String sourceArn);

    /**
     * Tells {@code listener} of every change to a function from now on, on the thread that made the
     * change, until the returned handle is closed.
     */
    AutoCloseable subscribe(FunctionListener listener);
}
