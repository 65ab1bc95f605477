package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.AwsJson;
import dev.lamina.edge.protocol.RestJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    /** A rest-json flavour whose marks the tests can see: Lambda's, which the edge does not know. */
    private static final RestJson LAMBDA_LIKE = new RestJson(new RestJson.Flavour(
            true, true, Set.of("ValidationException"), Set.of("ResourceNotFoundException", "ServiceException"), 1));

    /** The blocking executor: keeps its tasks until the test runs them, so that a test sees what went there. */
    private final ArrayDeque<Runnable> blocking = new ArrayDeque<>();

    private final Executor executor = blocking::add;
    private final List<String> signedFor = new ArrayList<>();
    private final Authenticator authenticator = (request, signingName, unsignedPayload) -> {
        signedFor.add(signingName + (unsignedPayload ? " (unsigned payload allowed)" : ""));
        if (request.header("authorization") == null) {
            throw new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        return "AKID";
    };
    private final CompletableFuture<HttpResponse> later = new CompletableFuture<>();

    private final Router lambda = new Router()
            .addNonBlocking("POST", "/2015-03-31/functions/{FunctionName}/invocations", (r, p) -> text(200, "warm"))
            .add("GET", "/2015-03-31/functions", (r, p) -> text(200, "listed"))
            .addNonBlocking("POST", "/later", (r, p) -> HttpResponse.later(later))
            .add("GET", "/bad-header", (r, p) -> new HttpResponse(200, Map.of("Bad", "x\ny"), new byte[0]))
            .add("GET", "/fails", (r, p) -> {
                throw new IllegalStateException("disk full");
            });
    private final Router health = new Router().add("GET", "/health", (r, p) -> text(200, "ready"));

    private final List<String> performed = new ArrayList<>();
    private final Operations logs = (operation, input) -> {
        performed.add(operation);
        if (input.has("missing")) {
            throw new AwsException(400, "ResourceNotFoundException", "The specified log group does not exist.");
        }
        return JsonNodeFactory.instance.objectNode().put("operation", operation);
    };

    private final Dispatcher dispatcher = dispatcher(
            new EdgeService.NodeEndpoint("node", RestJson.PLAIN, Set.of(), Set.of("/health"), health),
            new EdgeService.RestApi("lambda", "lambda", LAMBDA_LIKE, lambda),
            new EdgeService.TargetApi("logs", "logs", AwsJson.V1_1, "Logs_20140328", logs));

    private Dispatcher dispatcher(EdgeService... services) {
        return new Dispatcher(
                new ServiceTable(List.of(services)), authenticator, executor, new RequestIds(new Random(7)));
    }

    private static HttpResponse text(int status, String body) {
        return new HttpResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static final String LAMBDA_SIGNATURE =
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0";

    private static HttpRequest request(String method, String path, byte[] body, boolean signed) {
        Map<String, List<String>> headers = signed ? Map.of("authorization", List.of(LAMBDA_SIGNATURE)) : Map.of();
        return new HttpRequest(method, path, null, Map.of(), headers, body);
    }

    private static HttpRequest signed(String method, String path) {
        return request(method, path, new byte[0], true);
    }

    private RecordingExchange dispatch(HttpRequest request) {
        RecordingExchange exchange = new RecordingExchange();
        dispatcher.dispatch(request, exchange);
        return exchange;
    }

    private void runBlocking() {
        for (Runnable task; (task = blocking.poll()) != null; ) {
            task.run();
        }
    }

    private static String body(HttpResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aNonBlockingRouteIsAnsweredOnTheCallersThread() {
        RecordingExchange exchange = dispatch(signed("POST", "/2015-03-31/functions/f/invocations"));
        assertEquals("warm", body(exchange.answer()));
        assertTrue(blocking.isEmpty());
        assertEquals(List.of("lambda"), signedFor);
    }

    @Test
    void onlyAServiceThatDeclaresItAcceptsUnsignedPayloads() {
        Router objects = new Router().add("GET", "/{Bucket}/{Key}", (r, p) -> text(200, "object"));
        Dispatcher d = dispatcher(
                new EdgeService.RestApi("lambda", "lambda", LAMBDA_LIKE, lambda),
                new EdgeService.TargetApi("logs", "logs", AwsJson.V1_1, "Logs_20140328", logs),
                new EdgeService.RestApi("s3", "s3", RestJson.PLAIN, objects, true));
        String s3Signature = LAMBDA_SIGNATURE.replace("/lambda/", "/s3/");
        for (HttpRequest request : List.of(
                signed("GET", "/2015-03-31/functions"),
                new HttpRequest(
                        "POST",
                        "/",
                        null,
                        Map.of(),
                        Map.of(
                                "authorization",
                                List.of(LAMBDA_SIGNATURE.replace("/lambda/", "/logs/")),
                                "x-amz-target",
                                List.of("Logs_20140328.DescribeLogGroups")),
                        "{}".getBytes(StandardCharsets.UTF_8)),
                new HttpRequest(
                        "GET",
                        "/bucket/key",
                        null,
                        Map.of(),
                        Map.of("authorization", List.of(s3Signature)),
                        new byte[0]))) {
            d.dispatch(request, new RecordingExchange());
            runBlocking();
        }
        assertEquals(List.of("lambda", "logs", "s3 (unsigned payload allowed)"), signedFor);
    }

    @Test
    void aNonBlockingRouteWithABodyOverTheLoopLimitGoesToAVirtualThread() {
        byte[] big = new byte[Dispatcher.LOOP_BODY_LIMIT + 1];
        RecordingExchange exchange = dispatch(request("POST", "/2015-03-31/functions/f/invocations", big, true));
        assertTrue(exchange.sent.isEmpty());
        runBlocking();
        assertEquals("warm", body(exchange.answer()));
        byte[] fits = new byte[Dispatcher.LOOP_BODY_LIMIT];
        assertEquals(
                "warm",
                body(dispatch(request("POST", "/2015-03-31/functions/f/invocations", fits, true))
                        .answer()));
    }

    @Test
    void aBlockingRouteRunsOnTheBlockingExecutor() {
        RecordingExchange exchange = dispatch(signed("GET", "/2015-03-31/functions"));
        assertTrue(exchange.sent.isEmpty());
        runBlocking();
        assertEquals("listed", body(exchange.answer()));
    }

    @Test
    void anUnsignedRequestGetsTheAuthenticatorsErrorAndTheRouteDoesNotRun() {
        RecordingExchange exchange =
                dispatch(request("POST", "/2015-03-31/functions/f/invocations", new byte[0], false));
        HttpResponse answer = exchange.answer();
        assertEquals(403, answer.status());
        assertEquals("MissingAuthenticationTokenException", answer.headers().get("x-amzn-ErrorType"));
    }

    @Test
    void anOpenServiceIsNotAuthenticated() {
        RecordingExchange exchange = dispatch(request("GET", "/health", new byte[0], false));
        runBlocking();
        assertEquals("ready", body(exchange.answer()));
        assertEquals(List.of(), signedFor);
    }

    @Test
    void aPathNoRouteMatchesIsAnUnknownOperationOnceAuthenticated() {
        RecordingExchange unsigned = dispatch(request("GET", "/2015-03-31/nothing", new byte[0], false));
        runBlocking();
        assertEquals(403, unsigned.answer().status());
        RecordingExchange exchange = dispatch(signed("GET", "/2015-03-31/nothing"));
        runBlocking();
        assertEquals(404, exchange.answer().status());
        assertEquals("UnknownOperationException", exchange.answer().headers().get("x-amzn-ErrorType"));
        assertTrue(body(exchange.answer()).contains("No operation at GET /2015-03-31/nothing"));
    }

    @Test
    void aPendingResponseIsSentWhenItCompletes() {
        RecordingExchange exchange = dispatch(signed("POST", "/later"));
        assertTrue(exchange.sent.isEmpty());
        later.complete(text(200, "done"));
        assertEquals("done", body(exchange.answer()));
    }

    @Test
    void aPendingResponseThatFailsWithAnAwsErrorIsRenderedInTheServicesFlavourOfRestJson() {
        RecordingExchange exchange = dispatch(signed("POST", "/later"));
        later.completeExceptionally(new AwsException(429, "TooManyRequestsException", "Rate Exceeded."));
        HttpResponse answer = exchange.answer();
        assertEquals(429, answer.status());
        assertEquals("TooManyRequestsException", answer.headers().get("x-amzn-ErrorType"));
        assertEquals("1", answer.headers().get("Retry-After"));
        assertEquals(
                "{\"__type\":\"TooManyRequestsException\",\"Type\":\"User\",\"message\":\"Rate Exceeded.\"}",
                body(answer));
    }

    @Test
    void anyOtherFailureIsAServiceException() {
        RecordingExchange exchange = dispatch(signed("GET", "/fails"));
        runBlocking();
        assertEquals(500, exchange.answer().status());
        assertEquals("ServiceException", exchange.answer().headers().get("x-amzn-ErrorType"));
        assertTrue(body(exchange.answer()).contains("Internal error: disk full"));
    }

    @Test
    void aResponseThatCannotBeEncodedBecomesA502() {
        RecordingExchange exchange = dispatch(signed("GET", "/bad-header"));
        runBlocking();
        assertEquals(502, exchange.answer().status());
        assertTrue(body(exchange.answer()).contains("The response could not be sent: a line break in a header value"));
    }

    @Test
    void aStreamedResponseWritesOnTheBlockingExecutorAndIsFinished() {
        RecordingExchange exchange = streamed(
                output -> output.open(200, Map.of(), List.of()).write("chunk".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, exchange.output.status);
        assertEquals("chunk", exchange.output.body.toString(StandardCharsets.UTF_8));
        assertTrue(exchange.output.finished);
        assertTrue(exchange.sent.isEmpty());
    }

    @Test
    void aStreamedResponseThatFailsBeforeItOpensIsRenderedAsAnError() {
        RecordingExchange exchange = streamed(output -> {
            throw AwsException.notFound("Function not found");
        });
        assertEquals(404, exchange.answer().status());
        assertFalse(exchange.output.finished);
    }

    @Test
    void aStreamedResponseThatFailsAfterItOpenedIsCutShort() {
        RecordingExchange exchange = streamed(output -> {
            output.open(200, Map.of(), List.of());
            throw new IllegalStateException("runtime crashed");
        });
        assertTrue(exchange.output.finished);
        assertTrue(exchange.sent.isEmpty());
    }

    @Test
    void aStreamedResponseThatNeverOpensIsA204() {
        RecordingExchange exchange = streamed(output -> {});
        assertEquals(204, exchange.answer().status());
    }

    @Test
    void anXAmzTargetOperationRunsOnTheBlockingExecutorOnceAuthenticated() throws Exception {
        RecordingExchange exchange = dispatch(target("POST", "Logs_20140328.FilterLogEvents", true));
        assertTrue(exchange.sent.isEmpty());
        runBlocking();
        assertEquals(200, exchange.answer().status());
        assertEquals("application/x-amz-json-1.1", exchange.answer().headers().get("Content-Type"));
        assertEquals("{\"operation\":\"FilterLogEvents\"}", body(exchange.answer()));
        assertEquals(List.of("FilterLogEvents"), performed);
        assertEquals(List.of("logs"), signedFor);
    }

    @Test
    void aTargetApiRefusesWhatIsNotOneOfItsOperations() {
        RecordingExchange get = dispatch(target("GET", "Logs_20140328.FilterLogEvents", true));
        RecordingExchange unsigned = dispatch(target("POST", "Logs_20140328.FilterLogEvents", false));
        RecordingExchange bare = dispatch(target("POST", "Logs_20140328.", true));
        runBlocking();
        assertEquals(404, get.answer().status());
        assertEquals(403, unsigned.answer().status());
        assertEquals(400, bare.answer().status());
        assertEquals("UnknownOperationException", bare.answer().headers().get("x-amzn-ErrorType"));
        assertEquals(List.of(), performed);
    }

    @Test
    void aTargetApisErrorsComeInItsProtocol() throws Exception {
        RecordingExchange missing =
                dispatch(target("POST", "Logs_20140328.GetLogEvents", true, null, "{\"missing\":1}"));
        RecordingExchange garbled = dispatch(target("POST", "Logs_20140328.GetLogEvents", true, null, "{\"a\":"));
        runBlocking();
        HttpResponse answer = missing.answer();
        assertEquals(400, answer.status());
        assertEquals("application/x-amz-json-1.1", answer.headers().get("Content-Type"));
        assertEquals("ResourceNotFoundException", answer.headers().get("x-amzn-ErrorType"));
        JsonNode error = new ObjectMapper().readTree(answer.body());
        assertEquals("ResourceNotFoundException", error.get("__type").asText());
        assertEquals(
                "The specified log group does not exist.", error.get("message").asText());
        assertTrue(
                answer.headers()
                        .get("x-amzn-RequestId")
                        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                answer.headers().toString());
        assertEquals("SerializationException", garbled.answer().headers().get("x-amzn-ErrorType"));
    }

    @Test
    void aClientThatSendsCborToAJsonApiIsAnsweredInCbor() throws Exception {
        CBORMapper cbor = new CBORMapper();
        HttpRequest request = target(
                "POST",
                "Logs_20140328.DescribeLogStreams",
                true,
                "application/x-amz-cbor-1.1",
                cbor.writeValueAsBytes(Map.of("logGroupName", "/aws/lambda/f")));
        RecordingExchange ok = dispatch(request);
        RecordingExchange missing = dispatch(target(
                "POST",
                "Logs_20140328.DescribeLogStreams",
                true,
                "application/x-amz-cbor-1.1",
                cbor.writeValueAsBytes(Map.of("missing", true))));
        runBlocking();
        assertEquals("application/x-amz-cbor-1.1", ok.answer().headers().get("Content-Type"));
        assertEquals(
                "DescribeLogStreams",
                cbor.readTree(ok.answer().body()).get("operation").asText());
        assertEquals("application/x-amz-cbor-1.1", missing.answer().headers().get("Content-Type"));
        assertEquals(
                "ResourceNotFoundException",
                cbor.readTree(missing.answer().body()).get("__type").asText());
    }

    @Test
    void aRequestForNoServiceIsAnUnknownOperationAtOnceInPlainRestJson() {
        RecordingExchange exchange = dispatch(request("GET", "/2099-01-01/things", new byte[0], false));
        assertEquals(404, exchange.answer().status());
        assertEquals("UnknownOperationException", exchange.answer().headers().get("x-amzn-ErrorType"));
        assertEquals("{\"message\":\"No service at /2099-01-01/things\"}", body(exchange.answer()));
        assertEquals(List.of(), signedFor);
    }

    @Test
    void aRefusalComesInTheProtocolOfTheServiceTheRequestWasFor() {
        AwsException tooLarge = new AwsException(413, "RequestTooLargeException", "Request must be smaller");
        HttpResponse lambda = dispatcher.refusal(signed("POST", "/2015-03-31/functions"), tooLarge);
        assertEquals(
                "{\"__type\":\"RequestTooLargeException\",\"Type\":\"User\",\"message\":\"Request must be smaller\"}",
                body(lambda));
        HttpResponse logs = dispatcher.refusal(target("POST", "Logs_20140328.GetLogEvents", false), tooLarge);
        assertEquals("application/x-amz-json-1.1", logs.headers().get("Content-Type"));
        HttpResponse unknown = dispatcher.refusal(null, tooLarge);
        assertEquals("{\"message\":\"Request must be smaller\"}", body(unknown));
        assertEquals(413, unknown.status());
    }

    private static HttpRequest target(String method, String target, boolean signed) {
        return target(method, target, signed, null, new byte[0]);
    }

    private static HttpRequest target(String method, String target, boolean signed, String contentType, String body) {
        return target(method, target, signed, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest target(String method, String target, boolean signed, String contentType, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>(Map.of("x-amz-target", List.of(target)));
        if (signed) {
            headers.put(
                    "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs/aws4_request"));
        }
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        return new HttpRequest(method, "/", null, Map.of(), headers, body);
    }

    private RecordingExchange streamed(StreamedBody body) {
        Router streaming = new Router().add("GET", "/stream", (r, p) -> HttpResponse.streamed(body));
        Dispatcher d = dispatcher(new EdgeService.RestApi("s", "s", RestJson.PLAIN, streaming));
        RecordingExchange exchange = new RecordingExchange();
        d.dispatch(signed("GET", "/stream"), exchange);
        runBlocking();
        return exchange;
    }
}
