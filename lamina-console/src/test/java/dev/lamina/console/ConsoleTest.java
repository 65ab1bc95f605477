package dev.lamina.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.metrics.usage.UsageStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The console's routes behind its gate, without a socket and before the node's APIs are there. */
class ConsoleTest {
    private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");
    private final Sessions sessions =
            new Sessions(() -> NOW, new Random(3), Duration.ofMinutes(30), Duration.ofHours(8));
    private final UsageStore noUsage = new UsageStore() {
        @Override
        public void append(List<dev.lamina.metrics.usage.UsageRecord> records) {}

        @Override
        public List<dev.lamina.metrics.usage.UsageTotal> totals(dev.lamina.metrics.usage.UsageQuery query) {
            return List.of();
        }
    };
    private final Console console =
            new Console(sessions, (id, secret) -> id.equals("AKID") && secret.equals("s3cret"), noUsage, () -> NOW);

    private HttpResponse send(String method, String path, Map<String, String> headers, String body) throws Exception {
        Map<String, List<String>> lower = new java.util.HashMap<>();
        headers.forEach((k, v) -> lower.put(k, List.of(v)));
        lower.putIfAbsent("host", List.of("127.0.0.1:9701"));
        return console.handle(
                new HttpRequest(method, path, null, Map.of(), lower, body.getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieAndAnswersTheCsrfToken() throws Exception {
        HttpResponse wrong = send(
                "POST",
                Gate.SESSION_API,
                Map.of("content-type", "application/json"),
                "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"nope\"}");
        assertEquals(401, wrong.status());
        assertTrue(wrong.setCookies().isEmpty());
        HttpResponse empty = send("POST", Gate.SESSION_API, Map.of("content-type", "application/json"), "{}");
        assertEquals(400, empty.status());

        HttpResponse ok = send(
                "POST",
                Gate.SESSION_API,
                Map.of("content-type", "application/json"),
                "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"s3cret\"}");
        assertEquals(200, ok.status());
        String cookie = ok.setCookies().getFirst();
        assertTrue(
                cookie.matches("lamina-console=[0-9a-f]{64}; Path=/console; Max-Age=28800; HttpOnly; SameSite=Strict"),
                cookie);
        String id = cookie.substring("lamina-console=".length(), cookie.indexOf(';'));
        Session session = sessions.use(id).orElseThrow();
        assertTrue(new String(ok.body(), StandardCharsets.UTF_8).contains(session.csrfToken()));

        HttpResponse read = send("GET", Gate.SESSION_API, Map.of("cookie", "lamina-console=" + id), "");
        assertTrue(new String(read.body(), StandardCharsets.UTF_8).contains(session.csrfToken()));
        HttpResponse out = send(
                "DELETE",
                Gate.SESSION_API,
                Map.of("cookie", "lamina-console=" + id, Gate.CSRF_HEADER, session.csrfToken()),
                "");
        assertEquals(204, out.status());
        assertEquals(
                "lamina-console=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict",
                out.setCookies().getFirst());
        assertTrue(sessions.use(id).isEmpty());
    }

    @Test
    void wrongKeysAgainAndAgainAreHeldBackEvenWhenTheRightOneFollows() throws Exception {
        String wrong = "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"guess\"}";
        for (int i = 0; i < SignInAttempts.LIMIT; i++) {
            assertEquals(
                    401,
                    send("POST", Gate.SESSION_API, Map.of("content-type", "application/json"), wrong)
                            .status());
        }
        HttpResponse held = send(
                "POST",
                Gate.SESSION_API,
                Map.of("content-type", "application/json"),
                "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"s3cret\"}");
        assertEquals(429, held.status());
        assertTrue(held.setCookies().isEmpty());
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse r : List.of(
                send("GET", "/console/", Map.of(), ""),
                send("GET", "/console/signin", Map.of(), ""),
                send("GET", "/console/api/functions", Map.of(), ""))) {
            assertTrue(r.headers().get("Content-Security-Policy").startsWith("default-src 'self'"));
            assertEquals("nosniff", r.headers().get("X-Content-Type-Options"));
            assertEquals("no-store", r.headers().get("Cache-Control"));
        }
        assertEquals(303, send("GET", "/console/", Map.of(), "").status());
        assertEquals(
                "text/html; charset=utf-8",
                send("GET", "/console/signin", Map.of(), "").headers().get("Content-Type"));
    }

    @Test
    void beforeTheNodeIsUpTheApiSaysSoAndUnknownPathsAre404() throws Exception {
        Session s = sessions.open("AKID");
        Map<String, String> cookie = Map.of("cookie", "lamina-console=" + s.id());
        HttpResponse early = send("GET", "/console/api/functions", cookie, "");
        assertEquals(503, early.status());
        assertEquals(404, send("GET", "/console/nothing/here", cookie, "").status());
        assertEquals(
                404, send("GET", "/console/assets/..%2Fsignin.html", cookie, "").status());
    }
}
