package dev.lamina.spi.lambda;

import java.util.Objects;

/**
 * A synchronous invocation another service asks for.
 *
 * @param function a function name, partial or full ARN (a qualified ARN names the qualifier)
 * @param qualifier a version or alias, or {@code null} for what {@code function} names
 * @param payload the event as JSON bytes, passed to the function untouched
 * @param clientContext base64 of the client context JSON, as Invoke's header carries it, or {@code null}
 * @param trigger what the asking service is to the function, or {@code null} when it does not say
 */
public record SyncInvocation(
        String function, String qualifier, byte[] payload, String clientContext, InvocationTrigger trigger) {

    /** An invocation whose trigger is not told. */
    public SyncInvocation(String function, String qualifier, byte[] payload, String clientContext) {
        this(function, qualifier, payload, clientContext, null);
    }

    public SyncInvocation {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(payload, "payload");
    }
}
