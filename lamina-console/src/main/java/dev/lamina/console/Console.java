package dev.lamina.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.NodeRequests;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.metrics.usage.UsageStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The web console at {@code /console/} on the node's port (decision 63): one of the node's own
 * endpoints, open on the edge like {@code /health}, with its own gate ({@link Gate}) in front of every
 * page, asset and API call. Its pages are a bundle in this jar; its API ({@link ConsoleApi}) calls the
 * node's own AWS APIs in-process once the node is up ({@link #start}).
 */
public final class Console {
    private static final String RESOURCES = "/dev/lamina/console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8");
    /** Headers on every answer: nothing but the node's own scripts and styles, no framing, no sniffing. */
    private static final Map<String, String> SECURITY = Map.of(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self';"
                    + " frame-ancestors 'none'",
            "X-Content-Type-Options",
            "nosniff",
            "Referrer-Policy",
            "no-referrer",
            "Cache-Control",
            "no-store");

    private final Gate gate;
    private final SignInAttempts attempts;
    private final Sessions sessions;
    private final Keys keys;
    private final UsageStore usage;
    private final InstantSource clock;
    private final Router routes;
    private volatile ConsoleApi api;

    /**
     * @param keys the keys one signs in with
     * @param usage the node's usage records, for the usage page
     */
    public Console(Sessions sessions, Keys keys, UsageStore usage, InstantSource clock) {
        this.sessions = sessions;
        this.gate = new Gate(sessions);
        this.attempts = new SignInAttempts(clock);
        this.keys = keys;
        this.usage = usage;
        this.clock = clock;
        this.routes = new Router()
                .add("GET", "/console", (r, p) -> resource("index.html"))
                .add("GET", Gate.SIGN_IN_PAGE, (r, p) -> resource("signin.html"))
                .add("GET", "/console/favicon.svg", (r, p) -> resource("favicon.svg"))
                .add("GET", "/console/assets/{file}", (r, p) -> resource("assets/" + p.get("file")))
                .add("POST", Gate.SESSION_API, (r, p) -> signIn(r))
                .add("GET", "/console/api/functions", (r, p) -> json(api().functions()))
                .add("GET", "/console/api/functions/{name}", (r, p) -> json(api().function(p.get("name"))))
                .add(
                        "POST",
                        "/console/api/functions/{name}/invoke",
                        (r, p) -> json(api().invoke(p.get("name"), r.body())))
                .add(
                        "GET",
                        "/console/api/functions/{name}/metrics",
                        (r, p) -> json(api().metrics(p.get("name"), integer(r.queryParam("hours"), 1))))
                .add(
                        "GET",
                        "/console/api/usage",
                        (r, p) -> json(api().usage(
                                        r.queryParam("by"),
                                        r.queryParam("days") == null ? null : integer(r.queryParam("days"), 30))));
    }

    /** Called once the node answers: the console's API calls reach the node's services through these. */
    public void start(NodeRequests requests) {
        this.api = new ConsoleApi(new ServiceCalls(requests), usage, clock);
    }

    /** The console on the edge: every path under {@code /console}. */
    public EdgeService service() {
        // unsigned requests only: a signed one to /console/… is for S3's bucket named console
        return EdgeService.NodeEndpoint.unsigned(
                "console", RestJson.PLAIN, Set.of("/console"), new Router().fallback(this::handle));
    }

    /** Gate first, then the route; a service's refusal becomes JSON with its status. */
    HttpResponse handle(HttpRequest request, Map<String, String> ignored) throws Exception {
        Gate.Verdict verdict = gate.decide(new Gate.Ask(
                request.method(),
                request.rawPath(),
                request.header("cookie"),
                request.header(Gate.CSRF_HEADER),
                request.header("origin"),
                request.header("host"),
                request.header("content-type")));
        HttpResponse response = switch (verdict) {
            case Gate.Verdict.Open open -> route(request);
            case Gate.Verdict.Granted granted
            when request.rawPath().equals(Gate.SESSION_API) -> session(request, granted.session());
            case Gate.Verdict.Granted granted -> route(request);
            case Gate.Verdict.SignInFirst first ->
                new HttpResponse(303, Map.of("Location", Gate.SIGN_IN_PAGE), new byte[0]);
            case Gate.Verdict.Unauthorized no -> error(401, "Sign in to the console first.");
            case Gate.Verdict.Refused refused -> error(403, refused.reason());
        };
        for (var header : SECURITY.entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    private HttpResponse route(HttpRequest request) throws Exception {
        Router.Match match = routes.find(request);
        if (match == null) {
            return error(404, "The console has nothing at " + request.method() + " " + request.rawPath());
        }
        try {
            return match.handle();
        } catch (AwsException e) {
            return HttpResponse.json(
                    e.status(),
                    ServiceCalls.JSON.writeValueAsBytes(
                            Map.of("code", e.code(), "message", String.valueOf(e.getMessage()))));
        }
    }

    /** The signed-in session: who, and the CSRF token its page sends back; or sign-out. */
    private HttpResponse session(HttpRequest request, Session session) throws IOException {
        if (request.method().equals("DELETE")) {
            sessions.close(session.id());
            return new HttpResponse(204, Map.of(), new byte[0], List.of(cookie("", 0)), null);
        }
        if (!request.method().equals("GET")) {
            return error(405, "The session is read with GET and ended with DELETE.");
        }
        return json(ServiceCalls.JSON
                .createObjectNode()
                .put("accessKeyId", session.accessKeyId())
                .put("csrfToken", session.csrfToken()));
    }

    private HttpResponse signIn(HttpRequest request) throws IOException {
        JsonNode body;
        try {
            body = ServiceCalls.JSON.readTree(request.body());
        } catch (IOException e) {
            return error(400, "Sign in with a JSON object of accessKeyId and secretAccessKey.");
        }
        String id = body == null ? "" : body.path("accessKeyId").asText("").trim();
        String secret = body == null ? "" : body.path("secretAccessKey").asText("");
        if (id.isEmpty() || secret.isEmpty()) {
            return error(400, "Both the access key id and the secret access key are required.");
        }
        String address = request.remoteAddress();
        if (!attempts.attempt(address)) {
            return error(429, "Too many wrong keys from this address: try again in a minute.");
        }
        if (!keys.accepts(id, secret)) {
            return error(401, "The access key id or the secret access key is wrong.");
        }
        attempts.succeeded(address);
        Session session = sessions.open(id);
        byte[] out = ServiceCalls.JSON.writeValueAsBytes(Map.of("accessKeyId", id, "csrfToken", session.csrfToken()));
        return new HttpResponse(
                200,
                Map.of("Content-Type", "application/json"),
                out,
                List.of(cookie(session.id(), sessions.lifetime().toSeconds())),
                null);
    }

    /** The session cookie: script cannot read it, other sites' requests do not carry it. */
    static String cookie(String value, long maxAgeSeconds) {
        return Gate.COOKIE + "=" + value + "; Path=/console; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict";
    }

    private ConsoleApi api() {
        ConsoleApi started = api;
        if (started == null) {
            throw new AwsException(503, "ServiceUnavailable", "The node is still starting.");
        }
        return started;
    }

    private static HttpResponse resource(String name) throws IOException {
        if (name.contains("..")) {
            return error(404, "No such file.");
        }
        try (InputStream in = Console.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                return error(
                        404,
                        "The console has no " + name
                                + (name.startsWith("assets/") ? " (the build bundles it with npm and esbuild)" : ""));
            }
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            return new HttpResponse(200, Map.of("Content-Type", type), in.readAllBytes());
        }
    }

    private static HttpResponse json(JsonNode body) throws IOException {
        return HttpResponse.json(200, ServiceCalls.JSON.writeValueAsBytes(body));
    }

    private static HttpResponse error(int status, String message) throws IOException {
        return HttpResponse.json(status, ServiceCalls.JSON.writeValueAsBytes(Map.of("message", message)));
    }

    private static int integer(String text, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new AwsException(400, "InvalidParameterValueException", "Not a number: " + text);
        }
    }
}
