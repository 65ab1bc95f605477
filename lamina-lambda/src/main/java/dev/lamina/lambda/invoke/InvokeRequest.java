package dev.lamina.lambda.invoke;

import dev.lamina.spi.lambda.InvocationTrigger;

/**
 * An Invoke call as the API received it.
 *
 * @param functionName the name, ARN or partial ARN from the path
 * @param qualifier the {@code Qualifier} parameter, or {@code null}
 * @param type RequestResponse, Event or DryRun
 * @param clientContext the base64 {@code X-Amz-Client-Context} header, or {@code null}
 * @param requestId the invocation's request id when the caller chose it (a function URL puts it in
 *     the event it sends), or {@code null} for a new one
 * @param caller the trace the caller's {@code traceparent} or {@code X-Amzn-Trace-Id} header names,
 *     or {@code null} to start one
 * @param trigger what triggered the invocation, or {@code null} when unknown
 */
public record InvokeRequest(
        String functionName,
        String qualifier,
        InvocationType type,
        boolean tail,
        String clientContext,
        byte[] payload,
        String requestId,
        CallerTrace caller,
        InvocationTrigger trigger) {

    public InvokeRequest(
            String functionName,
            String qualifier,
            InvocationType type,
            boolean tail,
            String clientContext,
            byte[] payload) {
        this(functionName, qualifier, type, tail, clientContext, payload, null, null, null);
    }

    public InvokeRequest(
            String functionName,
            String qualifier,
            InvocationType type,
            boolean tail,
            String clientContext,
            byte[] payload,
            String requestId) {
        this(functionName, qualifier, type, tail, clientContext, payload, requestId, null, null);
    }

    public enum InvocationType {
        RequestResponse,
        Event,
        DryRun
    }
}
