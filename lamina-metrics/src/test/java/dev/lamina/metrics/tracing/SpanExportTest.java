package dev.lamina.metrics.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.spi.lambda.InvocationReport;
import dev.lamina.spi.lambda.InvocationTrace;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanExportTest {
    private static final InvocationTrace TRACE =
            new InvocationTrace("5759e988bd862e3fe1be46a994272793", "0af7651916cd43dd", null, false);

    /** Keeps what it is given, a batch a call; fails when told to. */
    private static final class Kept implements SpanExporter {
        final List<List<SpanData>> batches = new ArrayList<>();
        int calls;
        boolean fail;
        boolean shutDown;

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            calls++;
            if (fail) {
                return CompletableResultCode.ofFailure();
            }
            batches.add(List.copyOf(spans));
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            shutDown = true;
            return CompletableResultCode.ofSuccess();
        }
    }

    private static InvocationReport report(InvocationTrace trace) {
        return InvocationSpansTest.report(InvocationReport.Outcome.SUCCESS, -1, trace);
    }

    @Test
    void spansAreExportedInBatchesOffTheCallersThread() {
        Kept exporter = new Kept();
        SpanExport export = new SpanExport(exporter, InvocationSpansTest.RESOURCE, 2_000);
        for (int i = 0; i < 600; i++) {
            export.ended(report(TRACE));
        }
        export.ended(report(null)); // tells no trace: no span
        assertTrue(exporter.batches.isEmpty());
        assertEquals(600, export.drain());
        assertEquals(List.of(512, 88), exporter.batches.stream().map(List::size).toList());
    }

    @Test
    void aFullBufferDropsAndCountsAndAFailedBatchIsLost() {
        Kept exporter = new Kept();
        SpanExport export = new SpanExport(exporter, InvocationSpansTest.RESOURCE, 2);
        for (int i = 0; i < 5; i++) {
            export.ended(report(TRACE));
        }
        assertEquals(3, export.dropped());
        exporter.fail = true;
        assertEquals(0, export.drain());
        assertEquals(5, export.dropped(), "the three the buffer had no room for and the two the collector refused");
        exporter.fail = false;
        export.ended(report(TRACE));
        assertEquals(1, export.drain());
    }

    @Test
    void closeExportsWhatIsLeftAndShutsTheExporterDown() {
        Kept exporter = new Kept();
        SpanExport export = new SpanExport(exporter, InvocationSpansTest.RESOURCE, 10);
        export.ended(report(TRACE));
        export.close(); // never started: close alone exports
        assertEquals(1, exporter.batches.size());
        assertTrue(exporter.shutDown);
    }

    @Test
    void aCollectorThatFailsAsTheNodeStopsCostsOneBatchTheRestIsDropped() {
        Kept exporter = new Kept();
        exporter.fail = true;
        SpanExport export = new SpanExport(exporter, InvocationSpansTest.RESOURCE, 2_000);
        for (int i = 0; i < 3 * SpanExport.BATCH; i++) {
            export.ended(report(TRACE));
        }
        export.close();
        assertEquals(1, exporter.calls);
        assertEquals(3 * SpanExport.BATCH, export.dropped(), "the batch refused and the two after it");
        assertTrue(exporter.shutDown);
    }

    @Test
    void aBaseUrlGetsOtlpsTracesPath() {
        assertEquals("http://127.0.0.1:4318/v1/traces", SpanExport.tracesUrl("http://127.0.0.1:4318"));
        assertEquals("http://127.0.0.1:4318/v1/traces", SpanExport.tracesUrl("http://127.0.0.1:4318/"));
        assertEquals("https://c.example/otlp/traces", SpanExport.tracesUrl("https://c.example/otlp/traces"));
        assertThrows(IllegalArgumentException.class, () -> SpanExport.tracesUrl("collector:4318"));
        assertThrows(IllegalArgumentException.class, () -> SpanExport.tracesUrl("ftp://collector:4318"));
        assertThrows(IllegalArgumentException.class, () -> SpanExport.tracesUrl("http://collector 4318"));
    }
}
