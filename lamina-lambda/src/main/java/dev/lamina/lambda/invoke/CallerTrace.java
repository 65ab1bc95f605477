package dev.lamina.lambda.invoke;

import dev.lamina.spi.lambda.InvocationTrace;
import java.util.Locale;

/**
 * The trace an invocation continues: the caller's, as its W3C {@code traceparent} or X-Ray {@code
 * X-Amzn-Trace-Id} header told it, or a new one ({@link InvocationIds#newTrace}). Each attempt of
 * the invocation becomes a span of its own under it ({@link #child}).
 *
 * <p>Worked example: {@code traceparent: 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01}
 * and {@code X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;
 * Sampled=1} are the same caller; an invocation under it with span {@code 0af7651916cd43dd} tells its
 * function {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0af7651916cd43dd;Sampled=1}.
 *
 * <p>A header that does not parse is ignored, as if absent (a new trace starts), never refused: a
 * trace header must not fail an invocation.
 *
 * @param traceId 32 lower-case hex digits
 * @param parentSpanId the caller's span, or {@code null} when the trace starts here
 * @param sampled the caller's sampling decision
 */
public record CallerTrace(String traceId, String parentSpanId, boolean sampled) {

    public CallerTrace {
        if (!InvocationTrace.isTraceId(traceId) || (parentSpanId != null && !InvocationTrace.isSpanId(parentSpanId))) {
            throw new IllegalArgumentException("not a trace: " + traceId + " parent " + parentSpanId);
        }
    }

    /** The invocation's span under this trace. */
    public InvocationTrace child(String spanId) {
        return new InvocationTrace(traceId, spanId, parentSpanId, sampled);
    }

    /**
     * The caller's trace from an Invoke's headers, W3C's first; {@code null} when neither parses.
     *
     * @param traceparent the {@code traceparent} header, or {@code null}
     * @param amznTraceId the {@code X-Amzn-Trace-Id} header, or {@code null}
     */
    public static CallerTrace fromHeaders(String traceparent, String amznTraceId) {
        CallerTrace w3c = traceparent == null ? null : fromTraceparent(traceparent);
        return w3c != null || amznTraceId == null ? w3c : fromAmzn(amznTraceId);
    }

    /**
     * W3C Trace Context's {@code traceparent}: {@code <version>-<trace id>-<parent id>-<flags>}, two,
     * 32, 16 and two lower-case hex digits; version {@code ff} is invalid, a later version than
     * {@code 00} may add fields after the flags. {@code null} when it does not parse.
     */
    static CallerTrace fromTraceparent(String header) {
        String[] parts = header.strip().split("-", -1);
        if (parts.length < 4
                || !hex(parts[0], 2)
                || parts[0].equals("ff")
                || (parts[0].equals("00") && parts.length != 4)
                || !hex(parts[3], 2)
                || !InvocationTrace.isTraceId(parts[1])
                || !InvocationTrace.isSpanId(parts[2])) {
            return null;
        }
        return new CallerTrace(parts[1], parts[2], (Integer.parseInt(parts[3], 16) & 1) == 1);
    }

    /**
     * X-Ray's {@code X-Amzn-Trace-Id}: {@code Root=1-<8 hex>-<24 hex>}, optionally {@code
     * Parent=<16 hex>} and {@code Sampled=<0|1|?>}, separated by {@code ;}, in any order, other
     * fields (Lineage, Self) ignored. {@code null} without a valid Root.
     */
    static CallerTrace fromAmzn(String header) {
        String root = null;
        String parent = null;
        boolean sampled = false;
        for (String field : header.split(";")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq).strip();
            String value = field.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = value.equals("1");
                default -> {}
            }
        }
        if (root == null || root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return null;
        }
        String traceId = root.substring(2, 10) + root.substring(11);
        if (!InvocationTrace.isTraceId(traceId)) {
            return null;
        }
        return new CallerTrace(traceId, parent != null && InvocationTrace.isSpanId(parent) ? parent : null, sampled);
    }

    /**
     * This trace as an X-Ray header, kept with a queued Event invocation until its attempts run:
     * {@code Root=...;Parent=...;Sampled=...}, without {@code Parent} when the trace starts here.
     */
    public String amznHeader() {
        return InvocationTrace.amznTraceHeader(traceId, parentSpanId, sampled);
    }

    private static boolean hex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
