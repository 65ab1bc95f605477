package dev.lamina.spi.lambda;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one invocation sits in a distributed trace, in OpenTelemetry's terms: the trace, the span
 * the invocation is, and the caller's span it continues, if any. The same trace is told to the
 * function as Lambda's X-Ray trace header ({@link #amznTraceHeader}), whose {@code Root} is the trace
 * id in X-Ray's spelling and whose {@code Parent} is this invocation's span, so that what the
 * function traces hangs under the invocation.
 *
 * <p>X-Ray's root {@code 1-5759e988-bd862e3fe1be46a994272793} and OpenTelemetry's trace id {@code
 * 5759e988bd862e3fe1be46a994272793} are the same 128 bits: the first 8 hex digits (X-Ray's epoch
 * seconds) followed by the other 24.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId this invocation's span: 16 lower-case hex digits, not all zero
 * @param parentSpanId the caller's span (from {@code traceparent} or {@code X-Amzn-Trace-Id}'s
 *     {@code Parent}), or {@code null} when the invocation starts its trace
 * @param sampled the caller's sampling decision, passed on to the function ({@code Sampled=0} when
 *     the caller made none)
 */
public record InvocationTrace(String traceId, String spanId, String parentSpanId, boolean sampled) {
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    public InvocationTrace {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        if (!isTraceId(traceId) || !isSpanId(spanId) || (parentSpanId != null && !isSpanId(parentSpanId))) {
            throw new IllegalArgumentException(
                    "not a trace: " + traceId + " span " + spanId + " parent " + parentSpanId);
        }
    }

    /** Whether {@code id} is a valid OpenTelemetry trace id: 32 lower-case hex digits, not all zero. */
    public static boolean isTraceId(String id) {
        return TRACE_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '0');
    }

    /** Whether {@code id} is a valid span id: 16 lower-case hex digits, not all zero. */
    public static boolean isSpanId(String id) {
        return SPAN_ID.matcher(id).matches() && !id.chars().allMatch(c -> c == '0');
    }

    /**
     * Lambda's trace header as the function sees it ({@code Lambda-Runtime-Trace-Id}, then {@code
     * _X_AMZN_TRACE_ID}): {@code Root=1-<8 hex>-<24 hex>;Parent=<this span>;Sampled=<0|1>}.
     */
    public String amznTraceHeader() {
        return amznTraceHeader(traceId, spanId, sampled);
    }

    /**
     * An X-Ray trace header: {@code Root=1-<8 hex>-<24 hex>[;Parent=<span>];Sampled=<0|1>}, without
     * {@code Parent} when {@code parentSpanId} is {@code null}.
     */
    public static String amznTraceHeader(String traceId, String parentSpanId, boolean sampled) {
        return "Root=1-" + traceId.substring(0, 8) + "-" + traceId.substring(8)
                + (parentSpanId == null ? "" : ";Parent=" + parentSpanId) + ";Sampled=" + (sampled ? "1" : "0");
    }
}
