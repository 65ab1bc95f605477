package dev.lamina.lambda.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.spi.lambda.InvocationTrace;
import org.junit.jupiter.api.Test;

class CallerTraceTest {
    private static final String TRACE = "5759e988bd862e3fe1be46a994272793";

    @Test
    void aTraceparentAndItsXrayHeaderNameTheSameCaller() {
        CallerTrace w3c = CallerTrace.fromTraceparent("00-" + TRACE + "-53995c3f42cd8ad8-01");
        CallerTrace xray =
                CallerTrace.fromAmzn("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertEquals(new CallerTrace(TRACE, "53995c3f42cd8ad8", true), w3c);
        assertEquals(w3c, xray);
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", w3c.amznHeader());
    }

    @Test
    void theFunctionSeesTheSameTraceWithTheInvocationsSpanAsParent() {
        InvocationTrace span = CallerTrace.fromTraceparent("00-" + TRACE + "-53995c3f42cd8ad8-00")
                .child("0af7651916cd43dd");
        assertEquals(new InvocationTrace(TRACE, "0af7651916cd43dd", "53995c3f42cd8ad8", false), span);
        assertEquals(
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0af7651916cd43dd;Sampled=0", span.amznTraceHeader());
    }

    @Test
    void anXrayHeaderMayOmitParentAndSampledAndOrderItsFieldsFreely() {
        assertEquals(
                new CallerTrace(TRACE, null, false), CallerTrace.fromAmzn("Root=1-5759E988-BD862E3FE1BE46A994272793"));
        assertEquals(
                new CallerTrace(TRACE, "53995c3f42cd8ad8", false),
                CallerTrace.fromAmzn(
                        "Sampled=?;Self=1-67891234-12456789abcdef012345678;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793;Lineage=a87bd80c:1"));
        CallerTrace rootOnly = new CallerTrace(TRACE, null, true);
        assertEquals(rootOnly, CallerTrace.fromAmzn(rootOnly.amznHeader()));
    }

    @Test
    void malformedHeadersAreIgnored() {
        assertNull(CallerTrace.fromAmzn("Parent=53995c3f42cd8ad8"));
        assertNull(CallerTrace.fromAmzn("Root=1-5759e988bd862e3fe1be46a994272793"));
        assertNull(CallerTrace.fromAmzn("Root=2-5759e988-bd862e3fe1be46a994272793"));
        assertNull(CallerTrace.fromAmzn("Root=1-00000000-000000000000000000000000"));
        assertNull(CallerTrace.fromTraceparent("ff-" + TRACE + "-53995c3f42cd8ad8-01"));
        assertNull(CallerTrace.fromTraceparent("00-" + TRACE + "-0000000000000000-01"));
        assertNull(CallerTrace.fromTraceparent("00-" + TRACE.toUpperCase() + "-53995c3f42cd8ad8-01"));
        assertNull(CallerTrace.fromTraceparent("00-" + TRACE + "-53995c3f42cd8ad8-01-extra"));
        assertEquals(
                new CallerTrace(TRACE, "53995c3f42cd8ad8", true),
                CallerTrace.fromTraceparent("01-" + TRACE + "-53995c3f42cd8ad8-03-future"));
        // an invalid Parent keeps the Root
        assertNull(CallerTrace.fromAmzn("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=xyz")
                .parentSpanId());
    }

    @Test
    void w3cComesFirstAndAnUnparsableOneFallsBackToXray() {
        CallerTrace w3c = CallerTrace.fromHeaders(
                "00-" + TRACE + "-53995c3f42cd8ad8-01",
                "Root=1-11111111-bd862e3fe1be46a994272793;Parent=1111111111111111");
        assertEquals("53995c3f42cd8ad8", w3c.parentSpanId());
        CallerTrace xray = CallerTrace.fromHeaders("garbage", "Root=1-5759e988-bd862e3fe1be46a994272793");
        assertEquals(TRACE, xray.traceId());
        assertFalse(xray.sampled());
        assertNull(CallerTrace.fromHeaders(null, null));
        assertTrue(InvocationTrace.isTraceId(TRACE));
    }
}
