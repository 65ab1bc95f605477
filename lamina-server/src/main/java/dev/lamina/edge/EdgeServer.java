package dev.lamina.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's single public port. Reads each request whole (bounded), hands it to the first
 * {@link Service} that claims it, and renders {@link AwsException}s in AWS's error shape. Each
 * exchange runs on its own virtual thread; nothing here blocks a platform thread.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EdgeServer.class.getName());

    /** Lambda's request limit: a 50 MB package, base64 in JSON, fits; no bigger request does. */
    public static final int MAX_BODY_BYTES = 70_167_211;

    /**
     * One API family served on the edge port, chosen by {@link #accepts}. Its requests must be signed
     * for {@code signingName} (e.g. {@code lambda}, {@code logs}); {@code null} leaves it open.
     */
    public record Service(String name, Predicate<HttpRequest> accepts, Router router, String signingName) {
        /** A service whose requests are signed with its own name as the signing name. */
        public Service(String name, Predicate<HttpRequest> accepts, Router router) {
            this(name, accepts, router, name);
        }

        /** A service anyone may call without signing, such as the node's health check. */
        public static Service open(String name, Predicate<HttpRequest> accepts, Router router) {
            return new Service(name, accepts, router, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Service> services;
    private final Authenticator authenticator;
    private final ObjectMapper json = new ObjectMapper();

    public EdgeServer(String host, int port, List<Service> services, Authenticator authenticator) throws IOException {
        this.services = List.copyOf(services);
        this.authenticator = authenticator;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        HttpResponse response;
        try {
            HttpRequest request = read(exchange);
            response = dispatch(request);
            if (response.streamed() != null) {
                stream(exchange, response.streamed());
                return;
            }
        } catch (AwsException e) {
            response = render(e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "request failed", e);
            response = render(AwsException.service("Internal error: " + e.getMessage()));
        }
        try (exchange) {
            var headers = exchange.getResponseHeaders();
            setHeaders(headers, response.headers(), response.setCookies());
            byte[] body = response.body();
            boolean noBody = body.length == 0 || response.status() == 204 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static void setHeaders(Headers headers, Map<String, String> values, List<String> setCookies) {
        values.forEach(headers::set);
        if (!values.containsKey("x-amzn-RequestId")) {
            // Invoke answers with its invocation's id instead
            headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
        }
        for (String cookie : setCookies) {
            headers.add("Set-Cookie", cookie);
        }
    }

    /** Runs a response that writes itself; an error before it opened the output is rendered as usual. */
    private void stream(HttpExchange exchange, StreamedBody body) throws IOException {
        ExchangeOutput output = new ExchangeOutput(exchange);
        try (exchange) {
            try {
                body.write(output);
            } catch (AwsException e) {
                if (output.isOpen()) {
                    LOG.log(Level.FINE, "streamed response failed after it started", e);
                } else {
                    HttpResponse error = render(e);
                    output.open(error.status(), error.headers(), List.of()).write(error.body());
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "streamed response failed", e);
                if (!output.isOpen()) {
                    HttpResponse error = render(AwsException.service("Internal error: " + e.getMessage()));
                    output.open(error.status(), error.headers(), List.of()).write(error.body());
                }
            }
            if (!output.isOpen()) {
                output.open(204, Map.of(), List.of());
            }
            output.close();
        }
    }

    /** The exchange's body stream behind {@link HttpOutput}: chunked, or none for HEAD and 204/304. */
    private static final class ExchangeOutput implements HttpOutput {
        private final HttpExchange exchange;
        private volatile OutputStream out;

        ExchangeOutput(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public OutputStream open(int status, Map<String, String> headers, List<String> setCookies) throws IOException {
            if (out != null) {
                throw new IllegalStateException("the response is already open");
            }
            setHeaders(exchange.getResponseHeaders(), headers, setCookies);
            boolean noBody = status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, noBody ? -1 : 0);
            out = noBody ? OutputStream.nullOutputStream() : exchange.getResponseBody();
            return out;
        }

        @Override
        public boolean isOpen() {
            return out != null;
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "client went away", e);
            }
        }
    }

    private HttpResponse dispatch(HttpRequest request) throws Exception {
        for (Service service : services) {
            if (service.accepts().test(request)) {
                if (service.signingName() != null) {
                    authenticator.authenticate(request, service.signingName());
                }
                return service.router().dispatch(request);
            }
        }
        throw new AwsException(404, "UnknownOperationException", "No service at " + request.rawPath());
    }

    private HttpResponse render(AwsException e) {
        ObjectNode body = json.createObjectNode();
        body.put("__type", e.type());
        if (!e.type().equals("ValidationException")) {
            body.put("Type", e.status() >= 500 ? "Service" : "User");
        }
        body.put(e.upperCaseMessage() ? "Message" : "message", e.getMessage());
        e.extraFields().forEach(body::put);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", e.type());
        if (e.status() == 429) {
            headers.put("Retry-After", "1");
        }
        try {
            return new HttpResponse(e.status(), headers, json.writeValueAsBytes(body));
        } catch (IOException io) {
            throw new IllegalStateException(io);
        }
    }

    private static HttpRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, List<String>> query = parseQuery(rawQuery);
        byte[] body = Bodies.read(
                exchange.getRequestBody(), exchange.getRequestHeaders().getFirst("Content-Length"), MAX_BODY_BYTES);
        if (body == null) {
            throw AwsException.requestTooLarge("Request must be smaller than " + MAX_BODY_BYTES + " bytes");
        }
        InetSocketAddress remote = exchange.getRemoteAddress();
        return new HttpRequest(
                exchange.getRequestMethod(),
                rawPath,
                rawQuery,
                query,
                headers,
                body,
                remote == null || remote.getAddress() == null
                        ? ""
                        : remote.getAddress().getHostAddress());
    }

    static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>(1)).add(v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
