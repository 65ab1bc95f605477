package dev.lamina.metrics.tracing;

import dev.lamina.core.BatchWriter;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exports a span per invocation (decision 55): each ended invocation's report goes into an {@link
 * BatchWriter} (bounded, no lock on the invoke path) and its writer thread turns a batch of them
 * into spans ({@link InvocationSpans}) and hands them to the SDK's {@link SpanExporter}, waiting at
 * most {@link #EXPORT_WAIT} for each batch. A dead or slow collector therefore only fills the buffer:
 * further spans are dropped and counted ({@link #dropped}), logged once; a batch the collector refuses
 * is lost and logged once. {@link #close} exports what is left, then shuts the exporter down; once a
 * batch fails while closing, the rest is dropped, so that a dead collector delays a node's stop by
 * at most one wait.
 *
 * <p>Threads: {@link #ended} from any thread, never blocking; the rest from the queue's thread, and
 * {@link #close} once from the node as it stops, after Lambda stopped.
 */
public final class SpanExport implements InvocationObserver, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpanExport.class.getName());
    /** Spans per export request at most (the SDK's batch processor's default). */
    static final int BATCH = 512;
    /** Spans the buffer holds while the collector is busy: about 20 MB at ~1 KB each. */
    public static final int CAPACITY = 20_480;
    /** The longest one batch may take to export before the next is tried. */
    static final Duration EXPORT_WAIT = Duration.ofSeconds(10);
    /** The longest the exporter may take to shut down once the last batch was sent. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final SpanExporter exporter;
    private final Resource resource;
    /** The longest the writer thread sleeps on an empty buffer: a wake-up missed by a race costs at most this. */
    private static final java.time.Duration IDLE = java.time.Duration.ofMillis(200);

    private final BatchWriter<InvocationReport> queue;
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final AtomicLong abandonedSpans = new AtomicLong();
    private boolean failureLogged;
    /** Set by {@link #close}: from then on, a failed batch drops the ones after it. */
    private volatile boolean closing;
    /** A batch failed while closing: the rest is dropped. */
    private boolean abandoned;

    /** @param capacity spans the buffer holds while the exporter is busy */
    public SpanExport(SpanExporter exporter, Resource resource, int capacity) {
        this.exporter = exporter;
        this.resource = resource;
        this.queue = BatchWriter.onArrival("lamina-span-export", capacity, BATCH, IDLE, this::export);
    }

    /**
     * An export over OTLP/HTTP (protobuf) to {@code endpoint}: a base URL ({@code
     * http://collector:4318}) gets OTLP's {@code /v1/traces} path; a URL with a path is used as it is.
     * Sent with the JDK's HTTP client.
     */
    public static SpanExport otlp(String endpoint, Resource resource) {
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(tracesUrl(endpoint))
                // each export builds its request afresh: a batch abandoned after EXPORT_WAIT may still
                // be in flight while the next is built
                .setMemoryMode(MemoryMode.IMMUTABLE_DATA)
                .setConnectTimeout(Duration.ofSeconds(2))
                .setTimeout(Duration.ofSeconds(5))
                .build();
        return new SpanExport(exporter, resource, CAPACITY);
    }

    /**
     * The URL spans are posted to: {@code endpoint} itself, or its {@code /v1/traces} when it has no
     * path. Throws {@link IllegalArgumentException} unless {@code endpoint} is an http(s) URL with a host.
     */
    public static String tracesUrl(String endpoint) {
        URI uri = URI.create(endpoint);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + endpoint);
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return endpoint.replaceAll("/$", "") + "/v1/traces";
        }
        return endpoint;
    }

    /** Starts the queue's thread. */
    public void start() {
        queue.start();
    }

    @Override
    public void ended(InvocationReport report) {
        if (report.trace() != null && !queue.offer(report) && dropLogged.compareAndSet(false, true)) {
            LOG.warning("the span collector is not keeping up: spans are being dropped (counted, not logged again)");
        }
    }

    @Override
    public void throttled(String function) {
        // a throttled invocation never reached an environment: no span
    }

    /** Spans lost: dropped because the buffer was full, refused by the collector, or left when it failed as the node stopped. */
    public long dropped() {
        return queue.dropped() + abandonedSpans.get();
    }

    /** Exports a batch over what the buffer holds; returns how many spans the exporter took. */
    int drain() {
        return queue.drain();
    }

    private int export(List<InvocationReport> batch) {
        if (abandoned) {
            abandonedSpans.addAndGet(batch.size());
            return 0;
        }
        List<SpanData> spans = new ArrayList<>(batch.size());
        for (InvocationReport report : batch) {
            spans.add(InvocationSpans.of(report, resource));
        }
        CompletableResultCode result;
        try {
            result = exporter.export(spans).join(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return failed(spans.size(), e);
        }
        if (!result.isSuccess()) {
            return failed(spans.size(), result.getFailureThrowable());
        }
        return spans.size();
    }

    private int failed(int spans, Throwable cause) {
        abandonedSpans.addAndGet(spans);
        abandoned = closing;
        if (!failureLogged) {
            failureLogged = true;
            LOG.log(Level.WARNING, "could not export " + spans + " spans (later failures are not logged again)", cause);
        }
        return 0;
    }

    /** Exports what is left, then shuts the exporter down. */
    @Override
    public void close() {
        closing = true;
        queue.close();
        exporter.shutdown().join(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
