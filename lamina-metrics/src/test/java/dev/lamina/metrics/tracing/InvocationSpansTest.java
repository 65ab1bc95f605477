package dev.lamina.metrics.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.spi.lambda.InvocationReport;
import dev.lamina.spi.lambda.InvocationTrace;
import dev.lamina.spi.lambda.InvocationTrigger;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InvocationSpansTest {
    static final Resource RESOURCE = InvocationSpans.resource("lamina", "node-1");
    static final String ARN = "arn:aws:lambda:eu-west-1:000000000000:function:orders:live";

    static InvocationReport report(InvocationReport.Outcome outcome, double initMs, InvocationTrace trace) {
        return new InvocationReport(
                "orders",
                "3",
                "x86_64",
                256,
                512,
                12.5,
                initMs,
                143,
                outcome,
                false,
                Instant.parse("2026-12-07T10:00:01Z"),
                "0f9e8d7c-6b5a-4948-8372-615049382716",
                ARN,
                trace,
                initMs >= 0 ? InvocationTrigger.HTTP : null);
    }

    @Test
    void aColdInvocationUnderACallerIsAServerSpanWithTheCallerAsParent() {
        InvocationTrace trace =
                new InvocationTrace("5759e988bd862e3fe1be46a994272793", "0af7651916cd43dd", "53995c3f42cd8ad8", true);
        SpanData span = InvocationSpans.of(report(InvocationReport.Outcome.SUCCESS, 130, trace), RESOURCE);

        assertEquals("orders", span.getName());
        assertEquals(SpanKind.SERVER, span.getKind());
        assertEquals("5759e988bd862e3fe1be46a994272793", span.getTraceId());
        assertEquals("0af7651916cd43dd", span.getSpanId());
        assertEquals("53995c3f42cd8ad8", span.getParentSpanId());
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        // the span covers init and invoke: 142.5 ms before its end
        assertEquals(142_500_000L, span.getEndEpochNanos() - span.getStartEpochNanos());
        assertEquals(Instant.parse("2026-12-07T10:00:01Z").getEpochSecond() * 1_000_000_000L, span.getEndEpochNanos());

        assertEquals("0f9e8d7c-6b5a-4948-8372-615049382716", attr(span, "faas.invocation_id"));
        assertEquals("orders", attr(span, "faas.name"));
        assertEquals("http", attr(span, "faas.trigger"));
        assertEquals("3", attr(span, "faas.version"));
        assertEquals(ARN, attr(span, "cloud.resource_id"));
        assertEquals("aws", attr(span, "cloud.provider"));
        assertEquals("aws_lambda", attr(span, "cloud.platform"));
        assertEquals("eu-west-1", attr(span, "cloud.region"));
        assertEquals("000000000000", attr(span, "cloud.account.id"));
        assertEquals(Boolean.TRUE, span.getAttributes().get(AttributeKey.booleanKey("faas.coldstart")));
        assertEquals(256L * 1024 * 1024, span.getAttributes().get(AttributeKey.longKey("faas.max_memory")));
        assertEquals("lamina", span.getResource().getAttribute(AttributeKey.stringKey("service.name")));
        assertEquals("node-1", span.getResource().getAttribute(AttributeKey.stringKey("host.name")));
    }

    @Test
    void aWarmFailedInvocationThatStartedItsTraceIsARootErrorSpan() {
        InvocationTrace trace =
                new InvocationTrace("5759e988bd862e3fe1be46a994272793", "0af7651916cd43dd", null, false);
        SpanData error = InvocationSpans.of(report(InvocationReport.Outcome.ERROR, -1, trace), RESOURCE);
        assertFalse(error.getParentSpanContext().isValid());
        assertEquals(StatusCode.ERROR, error.getStatus().getStatusCode());
        assertEquals(Boolean.FALSE, error.getAttributes().get(AttributeKey.booleanKey("faas.coldstart")));
        assertNull(attr(error, "faas.trigger"), "a trigger not told is not guessed");
        assertEquals(12_500_000L, error.getEndEpochNanos() - error.getStartEpochNanos());
        SpanData timeout = InvocationSpans.of(report(InvocationReport.Outcome.TIMEOUT, -1, trace), RESOURCE);
        assertEquals(StatusCode.ERROR, timeout.getStatus().getStatusCode());
        assertEquals("the function timed out", timeout.getStatus().getDescription());
    }

    @Test
    void aReportWithoutATraceHasNoSpan() {
        assertNull(InvocationSpans.of(report(InvocationReport.Outcome.SUCCESS, -1, null), RESOURCE));
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
