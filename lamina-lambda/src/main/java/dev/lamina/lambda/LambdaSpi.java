package dev.lamina.lambda;

import dev.lamina.core.AwsException;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Permissions;
import dev.lamina.lambda.invoke.InvokeRequest;
import dev.lamina.lambda.invoke.InvokeRequest.InvocationType;
import dev.lamina.lambda.invoke.Invoker;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.FunctionListener;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The Lambda SPI over the module's invoke path, registry and resource policies. */
final class LambdaSpi implements Lambda {
    private final Invoker invoker;
    private final FunctionRegistry functions;
    private final Permissions permissions;
    private final Arns arns;

    LambdaSpi(Invoker invoker, FunctionRegistry functions, Permissions permissions) {
        this.invoker = invoker;
        this.functions = functions;
        this.permissions = permissions;
        this.arns = functions.arns();
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(SyncInvocation invocation) {
        InvokeRequest request = new InvokeRequest(
                invocation.function(),
                invocation.qualifier(),
                InvocationType.RequestResponse,
                false,
                invocation.clientContext(),
                invocation.payload(),
                null,
                null,
                invocation.trigger());
        return invoker.invokeAsync(request)
                .thenApply(r -> new InvocationResult(r.requestId(), r.executedVersion(), r.body(), r.functionError()));
    }

    @Override
    public String enqueue(EventInvocation invocation) {
        InvokeRequest request = new InvokeRequest(
                invocation.function(),
                invocation.qualifier(),
                InvocationType.Event,
                false,
                null,
                invocation.payload(),
                invocation.requestId());
        try {
            return invoker.invoke(request).requestId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AwsException.service("Interrupted while queueing the event");
        }
    }

    @Override
    public Optional<FunctionRef> lookup(String functionNameOrArn, String qualifier) {
        try {
            Arns.FunctionRef ref = arns.parse(functionNameOrArn, qualifier);
            functions.version(ref.name(), ref.qualifier());
            return Optional.of(
                    new FunctionRef(ref.name(), ref.qualifier(), arns.functionArn(ref.name(), ref.qualifier())));
        } catch (AwsException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public boolean allowsInvoke(FunctionRef function, String principal, String sourceArn) {
        return permissions.allows(
                function.name(), function.qualifier(), principal, "lambda:InvokeFunction", null, sourceArn);
    }

    @Override
    public AutoCloseable subscribe(FunctionListener listener) {
        FunctionRegistry.Listener adapter = listener::changed;
        functions.addListener(adapter);
        return () -> functions.removeListener(adapter);
    }
}
