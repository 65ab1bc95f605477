package dev.lamina.lambda.environment;

import dev.lamina.spi.lambda.InvocationTrace;
import dev.lamina.spi.lambda.InvocationTrigger;
import java.util.concurrent.CompletableFuture;

/**
 * One invocation on its way through an environment. Created by the invoker, delivered to the runtime
 * by {@code GET /next}, completed once by whichever comes first: the runtime's response or error,
 * an init error, the runtime's exit, or the deadline.
 *
 * @param invokedFunctionArn the ARN the caller used (qualified when it named a qualifier)
 * @param clientContext the decoded client context JSON, or {@code null}
 * @param trace the invocation's span in its trace, told to the function as Lambda's trace header
 * @param trigger what triggered it, or {@code null} when unknown
 * @param tail whether the caller asked for the log tail
 * @param relay carries a streamed response to a caller that takes one as it comes, else {@code null}
 */
public record Invocation(
        String requestId,
        byte[] payload,
        String invokedFunctionArn,
        String clientContext,
        InvocationTrace trace,
        InvocationTrigger trigger,
        boolean tail,
        CompletableFuture<RuntimeResult> result,
        CompletableFuture<Long> delivered,
        StreamRelay relay) {

    public Invocation(
            String requestId,
            byte[] payload,
            String invokedFunctionArn,
            String clientContext,
            InvocationTrace trace,
            boolean tail) {
        this(requestId, payload, invokedFunctionArn, clientContext, trace, null, tail, null);
    }

    /** @param sink where a streamed response goes as it arrives, or {@code null} to take it whole */
    public Invocation(
            String requestId,
            byte[] payload,
            String invokedFunctionArn,
            String clientContext,
            InvocationTrace trace,
            InvocationTrigger trigger,
            boolean tail,
            ResponseSink sink) {
        this(
                requestId,
                payload,
                invokedFunctionArn,
                clientContext,
                trace,
                trigger,
                tail,
                new CompletableFuture<>(),
                new CompletableFuture<>(),
                sink == null ? null : new StreamRelay(sink));
    }

    /** The same invocation with fresh completion state, for another environment after one stopped. */
    public Invocation retry() {
        return new Invocation(
                requestId,
                payload,
                invokedFunctionArn,
                clientContext,
                trace,
                trigger,
                tail,
                relay == null ? null : relay.sink());
    }
}
