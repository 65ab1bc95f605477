package dev.lamina.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.console.Gate.Ask;
import dev.lamina.console.Gate.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final String HOST = "127.0.0.1:9701";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-08T09:00:00Z"));
    private final Sessions sessions =
            new Sessions(now::get, new Random(1), Duration.ofMinutes(30), Duration.ofHours(8));
    private final Gate gate = new Gate(sessions);

    private static Ask ask(String method, String path, String cookie, String csrf, String origin, String type) {
        return new Ask(method, path, cookie, csrf, origin, HOST, type);
    }

    private static Ask get(String path, String cookie) {
        return ask("GET", path, cookie, null, null, null);
    }

    @Test
    void theSignInPageAndItsAssetsAreOpenToAll() {
        for (String path : new String[] {
            "/console/signin", "/console/assets/signin.js", "/console/assets/console.css", "/console/favicon.svg"
        }) {
            assertInstanceOf(Verdict.Open.class, gate.decide(get(path, null)), path);
        }
    }

    @Test
    void withoutASessionPagesGoToSignInAndTheRestIs401() {
        assertInstanceOf(Verdict.SignInFirst.class, gate.decide(get("/console/", null)));
        assertInstanceOf(Verdict.SignInFirst.class, gate.decide(get("/console", "other=1")));
        assertInstanceOf(Verdict.Unauthorized.class, gate.decide(get("/console/assets/app.js", null)));
        assertInstanceOf(Verdict.Unauthorized.class, gate.decide(get("/console/api/functions", null)));
        assertInstanceOf(
                Verdict.Unauthorized.class,
                gate.decide(ask("POST", "/console/api/functions/f/invoke", null, "t", null, "application/json")));
    }

    @Test
    void signingInTakesJsonFromTheConsolesOwnOrigin() {
        assertInstanceOf(
                Verdict.Open.class,
                gate.decide(ask("POST", Gate.SESSION_API, null, null, "http://" + HOST, "application/json")));
        assertInstanceOf(
                Verdict.Open.class,
                gate.decide(ask("POST", Gate.SESSION_API, null, null, null, "application/json; charset=utf-8")));
        assertInstanceOf(
                Verdict.Refused.class,
                gate.decide(ask("POST", Gate.SESSION_API, null, null, null, "application/x-www-form-urlencoded")));
        assertInstanceOf(
                Verdict.Refused.class,
                gate.decide(ask("POST", Gate.SESSION_API, null, null, "http://evil.example", "application/json")));
    }

    @Test
    void aSessionReadsWithItsCookieAndChangesWithItsToken() {
        Session s = sessions.open("AKID");
        String cookie = "theme=dark; " + Gate.COOKIE + "=" + s.id();
        Verdict read = gate.decide(get("/console/api/functions", cookie));
        assertEquals(
                s.id(), assertInstanceOf(Verdict.Granted.class, read).session().id());

        String invoke = "/console/api/functions/f/invoke";
        assertInstanceOf(Verdict.Refused.class, gate.decide(ask("POST", invoke, cookie, null, null, null)));
        assertInstanceOf(
                Verdict.Refused.class, gate.decide(ask("POST", invoke, cookie, s.csrfToken() + "x", null, null)));
        assertInstanceOf(
                Verdict.Refused.class,
                gate.decide(ask("POST", invoke, cookie, s.csrfToken(), "http://127.0.0.1:9702", null)));
        assertInstanceOf(
                Verdict.Granted.class,
                gate.decide(ask("POST", invoke, cookie, s.csrfToken(), "http://" + HOST, "application/json")));
        assertInstanceOf(
                Verdict.Granted.class, gate.decide(ask("DELETE", Gate.SESSION_API, cookie, s.csrfToken(), null, null)));
    }

    @Test
    void anExpiredOrUnknownSessionIsNone() {
        Session s = sessions.open("AKID");
        now.set(now.get().plus(Duration.ofMinutes(31)));
        assertInstanceOf(
                Verdict.Unauthorized.class, gate.decide(get("/console/api/functions", Gate.COOKIE + "=" + s.id())));
        assertInstanceOf(Verdict.SignInFirst.class, gate.decide(get("/console/", Gate.COOKIE + "=forged")));
    }

    @Test
    void cookiesAndOriginsAreReadStrictly() {
        assertEquals("abc", Gate.cookieValue("a=1; lamina-console=abc ;b=2", "lamina-console"));
        assertEquals(null, Gate.cookieValue("xlamina-console=abc", "lamina-console"));
        assertEquals(null, Gate.cookieValue(null, "lamina-console"));
        assertTrue(Gate.sameOrigin(null, HOST));
        assertTrue(Gate.sameOrigin("http://127.0.0.1:9701", HOST));
        assertTrue(Gate.sameOrigin("http://localhost", "localhost"));
        assertFalse(Gate.sameOrigin("null", HOST));
        assertFalse(Gate.sameOrigin("http://127.0.0.1:9701.evil.example", HOST));
        assertFalse(Gate.sameOrigin("http://127.0.0.1:9701", null));
        assertFalse(Gate.sameOrigin("not a url", HOST));
    }
}
