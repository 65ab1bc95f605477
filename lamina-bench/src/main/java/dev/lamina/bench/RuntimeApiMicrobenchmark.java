package dev.lamina.bench;

import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeApiTransport;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One environment's Runtime API exchange, as a runtime client makes it on its kept-alive connection:
 * {@code GET /invocation/next} (answered at once with a small event) then
 * {@code POST /invocation/{id}/response}. The node's {@link RuntimeApiServer} on its event loop, as an
 * environment has it, in front of a session that always has an invocation ready; so
 * what is measured is the endpoint and loopback HTTP, not the invoker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuntimeApiMicrobenchmark {
    private static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";
    private static final byte[] EVENT = "{\"bench\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESULT = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private RuntimeApiTransport transport;
    private RuntimeApiServer server;
    private HttpConnection connection;
    private byte[] next;
    private byte[] response;

    /** A session that has an invocation ready whenever the runtime asks, and takes any response. */
    private static final class ReadySession implements RuntimeSession {
        private final Delivery delivery = new Delivery(
                REQUEST_ID,
                Long.MAX_VALUE,
                "arn:aws:lambda:us-east-1:000000000000:function:bench",
                null,
                null,
                null,
                "application/json",
                EVENT);

        @Override
        public void next(Next next) {
            next.deliver(delivery);
        }

        @Override
        public void respond(String requestId, byte[] body, String contentType) {}

        @Override
        public void fail(String requestId, byte[] body, String errorTypeHeader) {}

        @Override
        public void initError(byte[] body, String errorTypeHeader) {}

        @Override
        public void responseTooLarge(String requestId) {}
    }

    @Setup
    public void setUp() throws IOException {
        transport = new RuntimeApiTransport(1);
        server = new RuntimeApiServer(new ReadySession(), transport, RuntimeApiServer.PeerCheck.ANYONE);
        connection = new HttpConnection("127.0.0.1", server.port());
        next = connection.get("/2018-06-01/runtime/invocation/next");
        response = connection.post("/2018-06-01/runtime/invocation/" + REQUEST_ID + "/response", RESULT);
    }

    @Benchmark
    public int nextThenResponse() throws IOException {
        HttpConnection.Response delivered = connection.exchange(next);
        HttpConnection.Response accepted = connection.exchange(response);
        if (delivered.status() != 200 || accepted.status() != 202) {
            throw new IllegalStateException("the endpoint answered " + delivered.status() + ", " + accepted.status());
        }
        return delivered.body().length + accepted.body().length;
    }

    @TearDown
    public void tearDown() throws IOException {
        connection.close();
        server.close();
        transport.close();
    }
}
