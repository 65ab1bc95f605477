package dev.lamina.lambda.api.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.edge.HttpRequest;
import dev.lamina.lambda.url.Cors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS as a function URL applies it, without a socket. */
class CorsPolicyTest {

    static HttpRequest options(String origin, String method) {
        return new HttpRequest(
                "OPTIONS",
                "/",
                null,
                Map.of(),
                Map.of("origin", List.of(origin), "access-control-request-method", List.of(method)),
                new byte[0]);
    }

    @Test
    void anyOriginIsAStarUnlessCredentialsAreAllowed() {
        CorsPolicy open = CorsPolicy.of(new Cors(null, null, List.of("*"), List.of("*"), null, null));
        assertEquals("*", open.preflight(options("https://a.example", "PUT")).get("Access-Control-Allow-Origin"));
        CorsPolicy credentials = CorsPolicy.of(new Cors(true, null, List.of("GET"), List.of("*"), null, null));
        Map<String, String> answer = credentials.preflight(options("https://a.example", "get"));
        assertEquals("https://a.example", answer.get("Access-Control-Allow-Origin"));
        assertEquals("true", answer.get("Access-Control-Allow-Credentials"));
        assertNull(credentials.preflight(options("https://a.example", "POST")).get("Access-Control-Allow-Origin"));
    }

    @Test
    void theFunctionsOwnCorsHeadersAreReplaced() {
        CorsPolicy policy =
                CorsPolicy.of(new Cors(null, null, null, List.of("https://a.example"), List.of("x-one", "x-two"), 5));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("access-control-allow-origin", "*");
        headers.put("X-Other", "kept");
        policy.apply(headers, "https://A.example");
        assertEquals("https://A.example", headers.get("Access-Control-Allow-Origin"));
        assertEquals("x-one,x-two", headers.get("Access-Control-Expose-Headers"));
        assertEquals("kept", headers.get("X-Other"));
        assertFalse(headers.containsKey("access-control-allow-origin"));

        Map<String, String> other = new LinkedHashMap<>(Map.of("Access-Control-Allow-Origin", "*"));
        policy.apply(other, "https://b.example");
        assertTrue(other.isEmpty());
        assertNull(CorsPolicy.of(null));
    }
}
