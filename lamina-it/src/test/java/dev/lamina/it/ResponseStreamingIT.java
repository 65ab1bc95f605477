package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeMode;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamCompleteEvent;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamRequest;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponse;
import software.amazon.awssdk.services.lambda.model.InvokeWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ResponseStreamingInvocationType;

/**
 * Response streaming with a Node.js {@code awslambda.streamifyResponse} handler: through a
 * RESPONSE_STREAM function URL and through InvokeWithResponseStream with the SDK's async client.
 * The first chunk must reach the caller while the handler is still running.
 */
class ResponseStreamingIT extends NodeTest {
    /** The handler waits this long between its two chunks. */
    static final long PAUSE_MILLIS = 1500;

    static final String HANDLER = """
            exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
              const mode = event.rawPath ? event.rawPath.slice(1) : event.mode;
              if (mode === 'http') {
                responseStream = awslambda.HttpResponseStream.from(responseStream, {
                  statusCode: 201,
                  headers: { 'x-stream': 'yes', 'content-type': 'text/plain' },
                  cookies: ['s=1; Path=/', 't=2'],
                });
              }
              if (mode === 'fail') {
                responseStream.write('partial\\n');
                await new Promise((resolve) => setTimeout(resolve, 200));
                throw new Error('mid-stream failure');
              }
              responseStream.write('first\\n');
              await new Promise((resolve) => setTimeout(resolve, %d));
              responseStream.write('second\\n');
              responseStream.end();
            });
            """.formatted(PAUSE_MILLIS);

    static LambdaAsyncClient async;
    static String url;

    @BeforeAll
    static void createFunction() {
        Functions.create(lambda, "streamer", "nodejs20.x", "index.handler", Functions.node(HANDLER));
        url = lambda.createFunctionUrlConfig(r -> r.functionName("streamer")
                        .authType(FunctionUrlAuthType.NONE)
                        .invokeMode(InvokeMode.RESPONSE_STREAM))
                .functionUrl();
        async = LambdaAsyncClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(TestNode.credentials())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().readTimeout(Duration.ofMinutes(2)))
                .build();
    }

    @AfterAll
    static void closeClient() {
        if (async != null) {
            async.close();
        }
    }

    /** What the SDK's async client saw of one InvokeWithResponseStream call. */
    record Streamed(
            InvokeWithResponseStreamResponse head,
            List<String> chunks,
            List<Long> arrivalNanos,
            InvokeWithResponseStreamCompleteEvent complete) {
        String body() {
            return String.join("", chunks);
        }
    }

    static Streamed stream(Consumer<InvokeWithResponseStreamRequest.Builder> request) throws Exception {
        List<String> chunks = new CopyOnWriteArrayList<>();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        AtomicReference<InvokeWithResponseStreamCompleteEvent> complete = new AtomicReference<>();
        AtomicReference<InvokeWithResponseStreamResponse> head = new AtomicReference<>();
        async.invokeWithResponseStream(
                        request,
                        InvokeWithResponseStreamResponseHandler.builder()
                                .onResponse(head::set)
                                .subscriber(InvokeWithResponseStreamResponseHandler.Visitor.builder()
                                        .onPayloadChunk(c -> {
                                            arrivals.add(System.nanoTime());
                                            chunks.add(c.payload().asUtf8String());
                                        })
                                        .onInvokeComplete(complete::set)
                                        .build())
                                .build())
                .get(60, TimeUnit.SECONDS);
        return new Streamed(head.get(), chunks, arrivals, complete.get());
    }

    static Consumer<InvokeWithResponseStreamRequest.Builder> mode(String function, String mode) {
        return r -> r.functionName(function).payload(SdkBytes.fromUtf8String("{\"mode\":\"" + mode + "\"}"));
    }

    @Test
    void aUrlStreamsChunksAsTheyComeWithTheHandlersStatusHeadersAndCookies() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(URI.create(url + "http")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(201, response.statusCode());
        assertEquals("yes", response.headers().firstValue("x-stream").orElseThrow());
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("s=1; Path=/", "t=2"), response.headers().allValues("set-cookie"));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        try (BufferedReader body = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("first", body.readLine());
            long firstAt = System.nanoTime();
            assertEquals("second", body.readLine());
            long secondAt = System.nanoTime();
            assertNull(body.readLine());
            assertTrue(
                    TimeUnit.NANOSECONDS.toMillis(secondAt - firstAt) >= PAUSE_MILLIS - 300,
                    "the first chunk came " + TimeUnit.NANOSECONDS.toMillis(secondAt - firstAt)
                            + " ms before the second, not as the handler wrote it (" + PAUSE_MILLIS + " ms)");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(firstAt - start) < 30_000);
        }
    }

    @Test
    void aHeadRequestToAStreamingUrlLeavesTheConnectionServingTheNext() throws Exception {
        URI target = URI.create(url);
        String host = "Host: " + target.getHost() + ":" + target.getPort() + "\r\n";
        String path = target.getRawPath(); // the function URL's path form: /_lamina/url/<id>/
        String requests = "HEAD " + path + "http HTTP/1.1\r\n" + host + "\r\n" + "GET " + path + "plain HTTP/1.1\r\n"
                + host + "Connection: close\r\n\r\n";
        String out = RawHttp.exchange(target.getPort(), requests);
        assertTrue(out.startsWith("HTTP/1.1 201"), out);
        int second = out.indexOf("HTTP/1.1 200");
        assertTrue(second > 0, "the second request is answered: " + out);
        assertFalse(out.substring(0, second).contains("first"), "HEAD gets no body: " + out);
        assertTrue(out.substring(second).contains("first\n") && out.contains("second\n"), out);
    }

    @Test
    void aUrlWithoutThePreludeStreamsOctets() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + "plain")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(
                "application/octet-stream",
                response.headers().firstValue("content-type").orElseThrow());
        assertEquals("first\nsecond\n", response.body());
    }

    @Test
    void curlSeesTheStreamToo() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-N", url + "http").start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        assertEquals("first\nsecond\n", out);
    }

    @Test
    void theSdkReadsPayloadChunksAsTheyComeThenInvokeComplete() throws Exception {
        Streamed streamed = stream(mode("streamer", "plain").andThen(r -> r.logType(LogType.TAIL)));
        assertEquals(200, streamed.head().statusCode());
        assertEquals("$LATEST", streamed.head().executedVersion());
        assertEquals("first\nsecond\n", streamed.body());
        assertTrue(streamed.chunks().size() >= 2, "one PayloadChunk per write: " + streamed.chunks());
        long spread = TimeUnit.NANOSECONDS.toMillis(
                streamed.arrivalNanos().getLast() - streamed.arrivalNanos().getFirst());
        assertTrue(spread >= PAUSE_MILLIS - 300, "chunks arrived " + spread + " ms apart");
        assertNotNull(streamed.complete());
        assertNull(streamed.complete().errorCode());
        String log = new String(Base64.getDecoder().decode(streamed.complete().logResult()), StandardCharsets.UTF_8);
        assertTrue(log.contains("START RequestId:") && log.contains("REPORT RequestId:"), log);
    }

    @Test
    void aFailureMidStreamShowsInInvokeComplete() throws Exception {
        Streamed streamed = stream(mode("streamer", "fail"));
        assertEquals("partial\n", streamed.body());
        assertEquals("Error", streamed.complete().errorCode());
        assertEquals("mid-stream failure", streamed.complete().errorDetails());

        // the environment is still good for the next invocation
        HttpResponse<String> after = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + "plain")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("first\nsecond\n", after.body());
    }

    @Test
    void aTimeoutMidStreamEndsTheStreamWithSandboxTimedout() throws Exception {
        Functions.create(
                lambda,
                Functions.request("streamer-short", "nodejs20.x", "index.handler", Functions.node(HANDLER))
                        .timeout(1)
                        .build());
        Streamed streamed = stream(mode("streamer-short", "plain"));
        assertEquals("first\n", streamed.body(), "what came before the deadline was sent");
        assertEquals("Sandbox.Timedout", streamed.complete().errorCode());
        assertTrue(streamed.complete().errorDetails().contains("Task timed out after 1.00 seconds"));
    }

    @Test
    void badRequestsAreRefusedBeforeAnythingRuns() throws Exception {
        var noFunction = assertThrows(ExecutionException.class, () -> stream(r -> r.functionName("no-such-streamer")));
        assertInstanceOf(ResourceNotFoundException.class, noFunction.getCause());
        var event = assertThrows(
                ExecutionException.class,
                () -> stream(r -> r.functionName("streamer").invocationType("Event")));
        assertInstanceOf(InvalidParameterValueException.class, event.getCause());
    }

    /** A streamed DryRun answers 204 with no stream, and runs nothing: the log holds only the real invocation after it. */
    @Test
    void aDryRunStreamsNothingAndRunsNothing() throws Exception {
        Functions.create(lambda, "streamer-dry", "nodejs20.x", "index.handler", Functions.node(HANDLER));
        Streamed dry =
                stream(r -> r.functionName("streamer-dry").invocationType(ResponseStreamingInvocationType.DRY_RUN));
        assertEquals(204, dry.head().statusCode());
        assertTrue(dry.chunks().isEmpty());
        Streamed real = stream(mode("streamer-dry", "plain"));
        assertEquals("first\nsecond\n", real.body());
        AsyncLogs.awaitTrue(
                () -> !AsyncLogs.lines(node, "streamer-dry", "REPORT RequestId: ")
                        .isEmpty(),
                java.time.Duration.ofSeconds(10),
                "the real invocation's REPORT");
        List<String> starts = AsyncLogs.lines(node, "streamer-dry", "START RequestId: ");
        assertEquals(1, starts.size(), "only the real invocation ran: " + starts);
    }

    @Test
    void aUrlStreamCutShortByAFailureEndsWhereTheFunctionStopped() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url + "fail")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "the response had begun");
        assertEquals("partial\n", response.body());
    }

    @Test
    void aStreamingUrlAnswersAFunctionThatDoesNotStreamByTheBufferedRules() throws Exception {
        Functions.create(
                lambda,
                "streamer-buffered",
                "python3.11",
                "app.handler",
                Functions.python("def handler(e, c):\n"
                        + "    if e['rawPath'] == '/fail':\n"
                        + "        raise Exception('no')\n"
                        + "    return {'statusCode': 202, 'cookies': ['k=v'], 'body': 'whole'}\n"));
        String buffered = lambda.createFunctionUrlConfig(r -> r.functionName("streamer-buffered")
                        .authType(FunctionUrlAuthType.NONE)
                        .invokeMode(InvokeMode.RESPONSE_STREAM))
                .functionUrl();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> whole = http.send(
                HttpRequest.newBuilder(URI.create(buffered + "x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, whole.statusCode());
        assertEquals(List.of("k=v"), whole.headers().allValues("set-cookie"));
        assertEquals("whole", whole.body());
        HttpResponse<String> failed = http.send(
                HttpRequest.newBuilder(URI.create(buffered + "fail")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, failed.statusCode());
    }

    @Test
    void invokeBuffersAStreamedResponse() {
        var response =
                lambda.invoke(r -> r.functionName("streamer").payload(SdkBytes.fromUtf8String("{\"mode\":\"plain\"}")));
        assertNull(response.functionError());
        assertEquals("first\nsecond\n", response.payload().asUtf8String());
    }
}
