package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * A span per invocation (decision 55) on a real node started with {@code --otlp-endpoint} pointing
 * at an OTLP/HTTP receiver this test runs itself: invoked through the AWS SDK for Java v2 with a W3C
 * {@code traceparent} or an X-Ray {@code X-Amzn-Trace-Id}, the function sees the caller's trace in
 * {@code _X_AMZN_TRACE_ID} with the exported span as its parent, and the span, decoded from OTLP's
 * protobuf, continues the caller's trace with the FaaS attributes; a function URL request with a
 * {@code traceparent} is an {@code http}-triggered span in that trace; a failing invocation is an
 * ERROR span.
 */
class TracingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final String FUNCTION = "traced";
    private static final String CODE = """
            import os

            def handler(event, context):
                if event.get("fail"):
                    raise RuntimeError("asked to fail")
                return {"trace": os.environ.get("_X_AMZN_TRACE_ID"), "id": context.aws_request_id}
            """;

    /** Spans received, by their faas.invocation_id; each completes when its span arrives. */
    private static final Map<String, CompletableFuture<Received>> SPANS = new ConcurrentHashMap<>();

    private static HttpServer collector;
    private static TestNode node;
    private static String url;

    private record Received(Span span, Resource resource) {}

    @BeforeAll
    static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", TracingIT::receive);
        collector.start();
        node = TestNode.start(c ->
                c.withOtlpEndpoint("http://127.0.0.1:" + collector.getAddress().getPort()));
        Functions.create(node.lambda(), FUNCTION, "python3.11", "app.handler", Functions.python(CODE));
        url = node.lambda()
                .createFunctionUrlConfig(r -> r.functionName(FUNCTION).authType(FunctionUrlAuthType.NONE))
                .functionUrl();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (collector != null) {
            collector.stop(0);
        }
    }

    /** OTLP/HTTP's traces endpoint: a protobuf ExportTraceServiceRequest in, an empty response out. */
    private static void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        String id = attribute(span.getAttributesList(), "faas.invocation_id")
                                .getStringValue();
                        arrival(id).complete(new Received(span, resourceSpans.getResource()));
                    }
                }
            }
        }
        byte[] body = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static CompletableFuture<Received> arrival(String requestId) {
        return SPANS.computeIfAbsent(requestId, k -> new CompletableFuture<>());
    }

    private static Received spanOf(InvokeResponse response) throws Exception {
        return arrival(response.responseMetadata().requestId()).get(10, TimeUnit.SECONDS);
    }

    private static AnyValue attribute(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(a -> a.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in " + attributes));
    }

    private static InvokeResponse invoke(String payload, String header, String value) {
        return node.lambda()
                .invoke(r -> r.functionName(FUNCTION)
                        .payload(SdkBytes.fromUtf8String(payload))
                        .overrideConfiguration(o -> o.putHeader(header, value)));
    }

    @Test
    void theSpanContinuesTheCallersW3cTraceAndTheFunctionSeesItsSpanAsParent() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        InvokeResponse response = invoke("{}", "traceparent", "00-" + traceId + "-" + callerSpan + "-01");
        assertNull(response.functionError(), response.payload().asUtf8String());
        String seen =
                JSON.readTree(response.payload().asByteArray()).get("trace").asText();

        Received received = spanOf(response);
        Span span = received.span();
        String spanId = HEX.formatHex(span.getSpanId().toByteArray());
        assertEquals(traceId, HEX.formatHex(span.getTraceId().toByteArray()));
        assertEquals(callerSpan, HEX.formatHex(span.getParentSpanId().toByteArray()));
        assertEquals("Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=" + spanId + ";Sampled=1", seen);

        assertEquals(FUNCTION, span.getName());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, span.getStatus().getCode());
        assertEquals(true, span.getEndTimeUnixNano() > span.getStartTimeUnixNano());
        List<KeyValue> attributes = span.getAttributesList();
        assertEquals(FUNCTION, attribute(attributes, "faas.name").getStringValue());
        assertEquals("$LATEST", attribute(attributes, "faas.version").getStringValue());
        assertEquals(
                "arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION,
                attribute(attributes, "cloud.resource_id").getStringValue());
        assertNotNull(attribute(attributes, "faas.coldstart"));
        assertEquals("aws", attribute(attributes, "cloud.provider").getStringValue());
        assertEquals("us-east-1", attribute(attributes, "cloud.region").getStringValue());
        assertEquals(
                "lamina",
                attribute(received.resource().getAttributesList(), "service.name")
                        .getStringValue());
    }

    @Test
    void aFunctionUrlRequestIsAnHttpTriggeredSpanUnderItsTraceparent() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body()));
        var body = JSON.readTree(response.body());

        Span span = arrival(body.get("id").asText()).get(10, TimeUnit.SECONDS).span();
        assertEquals(
                "0af7651916cd43dd8448eb211c80319c",
                HEX.formatHex(span.getTraceId().toByteArray()));
        assertEquals("b7ad6b7169203331", HEX.formatHex(span.getParentSpanId().toByteArray()));
        assertEquals(
                "Root=1-0af76519-16cd43dd8448eb211c80319c;Parent="
                        + HEX.formatHex(span.getSpanId().toByteArray()) + ";Sampled=1",
                body.get("trace").asText());
        assertEquals("http", attribute(span.getAttributesList(), "faas.trigger").getStringValue());
    }

    @Test
    void aFailedInvocationUnderAnXrayHeaderIsAnErrorSpanInThatTrace() throws Exception {
        InvokeResponse response = invoke(
                "{\"fail\": true}",
                "X-Amzn-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
        assertEquals("Unhandled", response.functionError());

        Span span = spanOf(response).span();
        assertEquals(
                "5759e988bd862e3fe1be46a994272793",
                HEX.formatHex(span.getTraceId().toByteArray()));
        assertEquals("53995c3f42cd8ad8", HEX.formatHex(span.getParentSpanId().toByteArray()));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
    }
}
