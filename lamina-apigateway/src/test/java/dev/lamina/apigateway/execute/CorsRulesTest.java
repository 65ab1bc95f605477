package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.apigateway.http.HttpApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsRulesTest {
    private static final HttpApi.Cors EXACT = new HttpApi.Cors(
            List.of("https://app.example.com"),
            List.of("GET", "POST"),
            List.of("authorization", "content-type"),
            List.of("x-request-id"),
            300,
            true);
    private static final HttpApi.Cors ANY =
            new HttpApi.Cors(List.of("*"), List.of("*"), List.of(), List.of(), null, false);

    @Test
    void aPreflightNeedsAConfigurationAnOriginAndARequestedMethod() {
        assertTrue(CorsRules.isPreflight(EXACT, "OPTIONS", "https://app.example.com", "POST"));
        assertFalse(CorsRules.isPreflight(null, "OPTIONS", "https://app.example.com", "POST"));
        assertFalse(CorsRules.isPreflight(EXACT, "OPTIONS", null, "POST"));
        assertFalse(CorsRules.isPreflight(EXACT, "OPTIONS", "https://app.example.com", null));
        assertFalse(CorsRules.isPreflight(EXACT, "GET", "https://app.example.com", "POST"));
    }

    @Test
    void aPreflightFromAnAllowedOriginGetsTheConfiguredHeaders() {
        assertEquals(
                Map.of(
                        "Access-Control-Allow-Origin", "https://app.example.com",
                        "Access-Control-Allow-Credentials", "true",
                        "Access-Control-Allow-Methods", "GET,POST",
                        "Access-Control-Allow-Headers", "authorization,content-type",
                        "Access-Control-Max-Age", "300"),
                CorsRules.preflight(EXACT, "https://app.example.com"));
        assertEquals(
                Map.of("Access-Control-Allow-Origin", "*", "Access-Control-Allow-Methods", "*"),
                CorsRules.preflight(ANY, "http://localhost:3000"));
    }

    @Test
    void anOriginNotAllowedGetsNoCorsHeader() {
        assertEquals(Map.of(), CorsRules.preflight(EXACT, "https://evil.example.com"));
        assertEquals(
                Map.of("content-type", "text/plain"),
                CorsRules.answer(EXACT, "https://evil.example.com", Map.of("content-type", "text/plain")));
    }

    @Test
    void originPatternsMatchByExactOriginOrScheme() {
        HttpApi.Cors https = new HttpApi.Cors(List.of("https://*"), List.of(), List.of(), List.of(), null, false);
        assertTrue(CorsRules.allows(https, "https://anything.example"));
        assertFalse(CorsRules.allows(https, "http://anything.example"));
        assertFalse(CorsRules.allows(https, "https://"));
        assertTrue(CorsRules.allows(EXACT, "HTTPS://APP.EXAMPLE.COM"));
        assertFalse(CorsRules.allows(EXACT, "https://app.example.com.evil"));
    }

    @Test
    void anAnswerLosesTheFunctionsCorsHeadersAndGetsTheConfiguredOnes() {
        Map<String, String> fromFunction = Map.of(
                "content-type", "application/json",
                "Access-Control-Allow-Origin", "*",
                "access-control-max-age", "9");
        assertEquals(
                Map.of(
                        "content-type", "application/json",
                        "Access-Control-Allow-Origin", "https://app.example.com",
                        "Access-Control-Allow-Credentials", "true",
                        "Access-Control-Expose-Headers", "x-request-id"),
                CorsRules.answer(EXACT, "https://app.example.com", fromFunction));
        // no Origin: not a CORS request, but the function's CORS headers are still ignored
        assertEquals(Map.of("content-type", "application/json"), CorsRules.answer(EXACT, null, fromFunction));
        // no configuration: the function's headers pass as they are
        assertEquals(fromFunction, CorsRules.answer(null, "https://app.example.com", fromFunction));
    }
}
