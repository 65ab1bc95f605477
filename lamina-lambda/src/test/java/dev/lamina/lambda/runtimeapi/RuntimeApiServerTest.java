package dev.lamina.lambda.runtimeapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint on its event loop, in front of a session that records what it was told. */
class RuntimeApiServerTest {
    private static final String BASE = "/2018-06-01/runtime/";

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final RecordingSession session = new RecordingSession();
    private RuntimeApiTransport transport;
    private RuntimeApiServer server;

    /** Remembers each call; {@code GET /next} is answered only when a test says so. */
    static final class RecordingSession implements RuntimeSession {
        final CompletableFuture<Next> waiting = new CompletableFuture<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicReference<byte[]> streamed = new AtomicReference<>();

        @Override
        public void next(Next next) {
            calls.add("next");
            waiting.complete(next);
        }

        @Override
        public void respond(String requestId, byte[] body, String contentType) {
            if (!requestId.equals("r1")) {
                throw RuntimeApiException.invalidRequestId();
            }
            calls.add("respond " + requestId + " " + body.length + " " + contentType);
        }

        @Override
        public void respondStreaming(String requestId, String contentType, InputStream body) throws IOException {
            // a slow reader, so the loop has to stop reading from the connection for a while
            byte[] buf = new byte[1024];
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            int n;
            while ((n = body.read(buf)) >= 0) {
                all.write(buf, 0, n);
                if (all.size() % (256 * 1024) < 1024) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
            streamed.set(all.toByteArray());
            calls.add("stream " + requestId + " " + contentType);
        }

        @Override
        public void fail(String requestId, byte[] body, String errorTypeHeader) {
            calls.add("fail " + requestId + " " + errorTypeHeader);
        }

        @Override
        public void initError(byte[] body, String errorTypeHeader) {
            calls.add("initError " + errorTypeHeader);
        }

        @Override
        public void responseTooLarge(String requestId) {
            calls.add("tooLarge " + requestId);
        }
    }

    @BeforeEach
    void start() throws IOException {
        transport = new RuntimeApiTransport(1);
        server = new RuntimeApiServer(session, transport, RuntimeApiServer.PeerCheck.ANYONE);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        transport.close();
    }

    /** A connection to the endpoint that has sent {@code requests} as they are (raw HTTP/1.1). */
    private java.net.Socket raw(String requests) throws IOException {
        java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private URI uri(String path) {
        return URI.create("http://" + server.address() + path);
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nextIsAnsweredWhenTheInvocationComesFromAnotherThread() throws Exception {
        CompletableFuture<HttpResponse<String>> next = client.sendAsync(
                HttpRequest.newBuilder(uri(BASE + "invocation/next")).build(), HttpResponse.BodyHandlers.ofString());
        RuntimeSession.Next waiting = session.waiting.get(5, TimeUnit.SECONDS);
        assertFalse(next.isDone(), "GET /next waits for an invocation");
        Thread.ofVirtual()
                .start(() -> waiting.deliver(new RuntimeSession.Delivery(
                        "r1", 1234L, "arn:f", "Root=1", null, null, "application/json", "{\"a\":1}".getBytes())));
        HttpResponse<String> answer = next.get(5, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("{\"a\":1}", answer.body());
        assertEquals(
                "r1",
                answer.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow());
        assertEquals(
                "1234",
                answer.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertEquals(
                "Root=1", answer.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow());
        assertTrue(answer.headers().firstValue("Lambda-Runtime-Client-Context").isEmpty());
    }

    @Test
    void responsesErrorsAndRefusals() throws Exception {
        HttpResponse<String> ok = post(BASE + "invocation/r1/response", new byte[3000], "Content-Type", "text/plain");
        assertEquals(202, ok.statusCode());
        HttpResponse<String> wrongId = post(BASE + "invocation/r9/response", new byte[1]);
        assertEquals(400, wrongId.statusCode());
        assertTrue(wrongId.body().contains("InvalidRequestID"), wrongId.body());
        assertEquals(
                202,
                post(BASE + "invocation/r1/error", new byte[2], "Lambda-Runtime-Function-Error-Type", "E")
                        .statusCode());
        assertEquals(
                202,
                post(BASE + "init/error", new byte[0], "Lambda-Runtime-Function-Error-Type", "I")
                        .statusCode());
        assertEquals(403, post("/2020-01-01/extension/register", new byte[0]).statusCode());
        HttpResponse<String> unknown = post(BASE + "nothing", new byte[0]);
        assertEquals(404, unknown.statusCode());
        assertEquals(
                "application/json", unknown.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                List.of("respond r1 3000 text/plain", "fail r1 E", "initError I"),
                session.calls.stream().toList());
    }

    @Test
    void aResponseOverTheLimitIs413AndTheSessionIsTold() throws Exception {
        HttpResponse<String> big =
                post(BASE + "invocation/r1/response", new byte[RuntimeApiServer.MAX_RESPONSE_BYTES + 1]);
        assertEquals(413, big.statusCode());
        assertTrue(big.body().contains("RequestEntityTooLarge"), big.body());
        assertEquals(List.of("tooLarge r1"), session.calls.stream().toList());
        // the connection still serves the next request
        assertEquals(
                202,
                post(BASE + "invocation/r1/response", "x".getBytes(StandardCharsets.UTF_8))
                        .statusCode());
    }

    @Test
    void aStreamedResponseReachesTheSessionWholeAndInOrder() throws Exception {
        byte[] body = new byte[8 * 1024 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + (i >>> 10));
        }
        HttpResponse<String> r = post(
                BASE + "invocation/r1/response",
                body,
                "Lambda-Runtime-Function-Response-Mode",
                "streaming",
                "Content-Type",
                "application/octet-stream");
        assertEquals(202, r.statusCode(), r.body());
        assertArrayEquals(body, session.streamed.get());
        assertEquals(
                List.of("stream r1 application/octet-stream"),
                session.calls.stream().toList());
    }

    @Test
    void aResponseAndTheNextNextInOneWriteAreTakenInOrderAndAnsweredInOrder() throws Exception {
        // the runtime clients pipeline them (bootstrap.cjs, bootstrap.py)
        try (java.net.Socket socket = raw("POST " + BASE + "invocation/r1/response HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                + "GET " + BASE + "invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")) {
            RuntimeSession.Next waiting = session.waiting.get(5, TimeUnit.SECONDS);
            assertEquals(
                    List.of("respond r1 2 application/json", "next"),
                    session.calls.stream().toList());
            waiting.deliver(new RuntimeSession.Delivery(
                    "r2", 1234L, "arn:f", "Root=1", null, null, "application/json", "{\"b\":2}".getBytes()));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder answers = new StringBuilder();
            while (!answers.toString().endsWith("{\"b\":2}")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                answers.append((char) c);
            }
            String both = answers.toString();
            assertTrue(both.startsWith("HTTP/1.1 202"), both);
            int second = both.indexOf("HTTP/1.1 200");
            assertTrue(second > 0 && both.indexOf("r2", second) > 0, both);
        }
    }

    @Test
    void aNextPipelinedBehindARefusedResponseIsNotTaken() throws Exception {
        // the runtime exits over the refusal: an invocation handed to its next GET would be lost
        try (java.net.Socket socket = raw("POST " + BASE + "invocation/r9/response HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 2\r\n\r\n{}"
                + "GET " + BASE + "invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")) {
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
            assertFalse(answer.substring(1).contains("HTTP/1.1"), "one answer only: " + answer);
        }
        assertTrue(session.calls.isEmpty(), "the GET behind it reached the session: " + session.calls);
    }

    @Test
    void aBrokenChunkedBodyIsRefusedNotTakenAsTheResponse() throws Exception {
        try (java.net.Socket socket = raw("POST " + BASE + "invocation/r1/response HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n")) {
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
        }
        assertTrue(session.calls.isEmpty(), "the session is not told of a broken body: " + session.calls);
    }

    @Test
    void aConnectionOfAnotherUidIsRefused() throws Exception {
        server.close();
        server = new RuntimeApiServer(session, transport, (clientAddress, port) -> false);
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(uri(BASE + "invocation/next")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("AccessDenied"), r.body());
        assertTrue(session.calls.isEmpty());
    }

    /** A bound server as {@link RuntimeApiServer#avoiding} sees it: its port, and whether it was closed. */
    static final class Bound implements AutoCloseable {
        final int port;
        boolean closed;

        Bound(int port) {
            this.port = port;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void anEndpointHandedTheReservedPortIsReplacedWhileItHoldsIt() throws IOException {
        // the kernel hands out 40001 at the sandbox network's address, where the node's AWS port
        // (40001 on loopback) is translated to the node: the runtime would reach the node's edge
        List<Bound> opened = new ArrayList<>();
        Deque<Integer> ports = new ArrayDeque<>(List.of(40001, 40003));
        Bound chosen = RuntimeApiServer.avoiding(
                40001,
                () -> {
                    opened.forEach(b -> assertFalse(b.closed, "the reserved port is held while another binds"));
                    Bound b = new Bound(ports.pop());
                    opened.add(b);
                    return b;
                },
                b -> b.port);
        assertEquals(40003, chosen.port);
        assertFalse(chosen.closed);
        assertTrue(opened.get(0).closed, "the endpoint on the reserved port is released");
    }

    @Test
    void anEndpointOnAnotherPortIsKept() throws IOException {
        List<Bound> opened = new ArrayList<>();
        RuntimeApiServer.Opener<Bound> open = () -> {
            Bound b = new Bound(40003);
            opened.add(b);
            return b;
        };
        assertEquals(40003, RuntimeApiServer.avoiding(40001, open, b -> b.port).port);
        assertEquals(40003, RuntimeApiServer.avoiding(0, open, b -> b.port).port);
        assertEquals(2, opened.size());
        assertFalse(opened.get(0).closed || opened.get(1).closed);
    }
}
