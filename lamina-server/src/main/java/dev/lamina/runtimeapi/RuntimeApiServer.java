package dev.lamina.runtimeapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.edge.Bodies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * One execution environment's Runtime API (2018-06-01) endpoint on a loopback port of its own, so an
 * environment reaches only its own invocations. Routes fit on one screen; every request is served on
 * a virtual thread, so a runtime parked in {@code GET /next} holds no platform thread.
 */
public final class RuntimeApiServer implements AutoCloseable {
    /** Buffered response limit: 6 MiB plus 100 bytes, as Lambda allows. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

    private static final String BASE = "/2018-06-01/runtime/";
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    /** Decides whether a connection may use this endpoint, by its client address and the server's port. */
    @FunctionalInterface
    public interface PeerCheck {
        boolean allowed(InetSocketAddress client, int serverPort);

        PeerCheck ANYONE = (client, port) -> true;
    }

    private final HttpServer server;
    private final RuntimeSession session;
    private final PeerCheck peers;

    public RuntimeApiServer(RuntimeSession session, Executor executor, PeerCheck peers) throws IOException {
        this.session = session;
        this.peers = peers;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (!peers.allowed(exchange.getRemoteAddress(), server.getAddress().getPort())) {
                send(exchange, 403, error("AccessDenied", "This Runtime API belongs to another execution environment"));
                return;
            }
            try {
                if (!path.startsWith(BASE)) {
                    if (path.startsWith("/2020-01-01/extension/")
                            || path.startsWith("/2022-07-01/telemetry")
                            || path.startsWith("/2020-08-15/logs")) {
                        send(exchange, 403, error("Extension.Unsupported", "Extensions are not supported yet"));
                        return;
                    }
                    send(exchange, 404, error("NotFound", "No such Runtime API path: " + path));
                    return;
                }
                String rest = path.substring(BASE.length());
                if (method.equals("GET") && rest.equals("invocation/next")) {
                    next(exchange);
                } else if (method.equals("POST") && rest.equals("init/error")) {
                    session.initError(body(exchange, MAX_RESPONSE_BYTES), errorType(exchange));
                    send(exchange, 202, ACCEPTED);
                } else if (method.equals("POST") && rest.startsWith("invocation/") && rest.endsWith("/response")) {
                    String id = rest.substring("invocation/".length(), rest.length() - "/response".length());
                    if ("streaming"
                            .equalsIgnoreCase(
                                    exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Response-Mode"))) {
                        session.respondStreaming(
                                id, exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody());
                        send(exchange, 202, ACCEPTED);
                        return;
                    }
                    byte[] body = body(exchange, MAX_RESPONSE_BYTES);
                    if (body == null) {
                        session.responseTooLarge(id);
                        send(
                                exchange,
                                413,
                                error(
                                        "RequestEntityTooLarge",
                                        "Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes)."));
                        return;
                    }
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    session.respond(id, body, type);
                    send(exchange, 202, ACCEPTED);
                } else if (method.equals("POST") && rest.startsWith("invocation/") && rest.endsWith("/error")) {
                    String id = rest.substring("invocation/".length(), rest.length() - "/error".length());
                    byte[] body = body(exchange, MAX_RESPONSE_BYTES);
                    session.fail(id, body == null ? new byte[0] : body, errorType(exchange));
                    send(exchange, 202, ACCEPTED);
                } else {
                    send(exchange, 404, error("NotFound", "No such Runtime API path: " + method + " " + path));
                }
            } catch (RuntimeApiException e) {
                send(exchange, e.status(), error(e.errorType(), e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 500, error("ServiceException", "Environment is shutting down"));
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        RuntimeSession.Delivery d = session.next();
        var h = exchange.getResponseHeaders();
        h.set("Lambda-Runtime-Aws-Request-Id", d.requestId());
        h.set("Lambda-Runtime-Deadline-Ms", Long.toString(d.deadlineEpochMs()));
        h.set("Lambda-Runtime-Invoked-Function-Arn", d.invokedFunctionArn());
        h.set("Content-Type", d.contentType());
        if (d.traceId() != null) {
            h.set("Lambda-Runtime-Trace-Id", d.traceId());
        }
        if (d.clientContext() != null) {
            h.set("Lambda-Runtime-Client-Context", d.clientContext());
        }
        if (d.cognitoIdentity() != null) {
            h.set("Lambda-Runtime-Cognito-Identity", d.cognitoIdentity());
        }
        send(exchange, 200, d.payload());
    }

    private static String errorType(HttpExchange exchange) {
        return exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
    }

    /** The request body, or {@code null} when it is longer than {@code limit}. */
    private static byte[] body(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return Bodies.read(in, exchange.getRequestHeaders().getFirst("Content-Length"), limit);
        }
    }

    private static byte[] error(String type, String message) {
        return ("{\"errorType\":\"" + type + "\",\"errorMessage\":\"" + message.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (status != 200) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
