package dev.lamina.metrics.tracing;

import dev.lamina.spi.lambda.InvocationReport;
import dev.lamina.spi.lambda.InvocationTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns an ended invocation into its span, following OpenTelemetry's semantic conventions for FaaS
 * servers: named after the function (as X-Ray names Lambda's segment), kind SERVER, from the
 * invocation's start to its end, ERROR when the function failed or timed out. Pure: called on the
 * exporting thread, never on the invoke path.
 *
 * <p>Attributes: {@code faas.invocation_id} (the request id), {@code faas.name}, {@code faas.version},
 * {@code faas.coldstart}, {@code faas.max_memory} (bytes), {@code faas.trigger} where the caller told it, {@code cloud.resource_id} (the ARN the
 * caller invoked), {@code cloud.provider} {@code aws}, {@code cloud.platform} {@code aws_lambda},
 * {@code cloud.region} and {@code cloud.account.id} (from that ARN). The node itself ({@code
 * service.name}, {@code host.name}) is the {@link #resource}'s.
 */
public final class InvocationSpans {
    /** The instrumentation scope of every invocation span. */
    static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.lamina.lambda");

    private static final AttributeKey<String> INVOCATION_ID = AttributeKey.stringKey("faas.invocation_id");
    private static final AttributeKey<String> NAME = AttributeKey.stringKey("faas.name");
    private static final AttributeKey<String> VERSION = AttributeKey.stringKey("faas.version");
    private static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("faas.trigger");
    private static final AttributeKey<Boolean> COLDSTART = AttributeKey.booleanKey("faas.coldstart");
    private static final AttributeKey<Long> MAX_MEMORY = AttributeKey.longKey("faas.max_memory");
    private static final AttributeKey<String> RESOURCE_ID = AttributeKey.stringKey("cloud.resource_id");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("cloud.provider");
    private static final AttributeKey<String> PLATFORM = AttributeKey.stringKey("cloud.platform");
    private static final AttributeKey<String> REGION = AttributeKey.stringKey("cloud.region");
    private static final AttributeKey<String> ACCOUNT = AttributeKey.stringKey("cloud.account.id");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");

    private InvocationSpans() {}

    /**
     * The node as OpenTelemetry's resource: the SDK's own attributes, {@code service.name} and
     * {@code host.name}.
     */
    public static Resource resource(String serviceName, String hostName) {
        return Resource.getDefault()
                .merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName, HOST_NAME, hostName)));
    }

    /** The span of {@code report}'s invocation; {@code null} when the report tells no trace. */
    public static SpanData of(InvocationReport report, Resource resource) {
        InvocationTrace trace = report.trace();
        if (trace == null) {
            return null;
        }
        SpanContext context =
                SpanContext.create(trace.traceId(), trace.spanId(), TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext parent = trace.parentSpanId() == null
                ? SpanContext.getInvalid()
                : SpanContext.createFromRemoteParent(
                        trace.traceId(),
                        trace.parentSpanId(),
                        trace.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                        TraceState.getDefault());
        StatusData status = switch (report.outcome()) {
            case SUCCESS -> StatusData.unset();
            case ERROR -> StatusData.create(StatusCode.ERROR, "the function failed");
            case TIMEOUT -> StatusData.create(StatusCode.ERROR, "the function timed out");
        };
        return new InvocationSpan(
                report.function(),
                context,
                parent,
                status,
                nanos(report.startedAt()),
                nanos(report.endedAt()),
                attributes(report),
                SCOPE,
                resource);
    }

    private static Attributes attributes(InvocationReport report) {
        AttributesBuilder a = Attributes.builder()
                .put(NAME, report.function())
                .put(VERSION, report.version())
                .put(COLDSTART, report.coldStart())
                .put(MAX_MEMORY, report.memoryMb() * 1024L * 1024L)
                .put(PROVIDER, "aws")
                .put(PLATFORM, "aws_lambda");
        if (report.trigger() != null) {
            a.put(TRIGGER, report.trigger().value());
        }
        if (report.requestId() != null) {
            a.put(INVOCATION_ID, report.requestId());
        }
        String arn = report.invokedArn();
        if (arn != null) {
            a.put(RESOURCE_ID, arn);
            String[] parts = arn.split(":", 6); // arn:aws:lambda:<region>:<account>:function:...
            if (parts.length == 6) {
                a.put(REGION, parts[3]);
                a.put(ACCOUNT, parts[4]);
            }
        }
        return a.build();
    }

    private static long nanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
