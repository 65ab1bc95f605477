package dev.lamina.apigateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RouteMatchTest {
    private static final List<RouteKey> ROUTES = Stream.of(
                    "$default",
                    "GET /{proxy+}",
                    "GET /items/{proxy+}",
                    "ANY /items/{id}",
                    "GET /items/{id}",
                    "GET /items/42",
                    "POST /items",
                    "GET /")
            .map(RouteKey::parse)
            .toList();

    private static String route(String method, String path) {
        return RouteMatch.find(ROUTES, method, path).orElseThrow().route().text();
    }

    @Test
    void theMostSpecificRouteWins() {
        assertEquals("GET /items/42", route("GET", "/items/42"));
        assertEquals("GET /items/{id}", route("GET", "/items/7"));
        assertEquals("ANY /items/{id}", route("DELETE", "/items/7"));
        assertEquals("GET /items/{proxy+}", route("GET", "/items/7/parts"));
        assertEquals("GET /{proxy+}", route("GET", "/other/thing"));
        assertEquals("POST /items", route("POST", "/items"));
        assertEquals("GET /", route("GET", "/"));
        assertEquals("$default", route("PUT", "/nowhere"));
    }

    @Test
    void theOrderRoutesAreGivenInDoesNotMatter() {
        List<RouteKey> reversed = ROUTES.reversed();
        assertEquals(
                "GET /items/{id}",
                RouteMatch.find(reversed, "GET", "/items/7")
                        .orElseThrow()
                        .route()
                        .text());
    }

    @Test
    void variablesAreNamedAndDecoded() {
        assertEquals(
                Map.of("id", "a b"),
                RouteMatch.find(ROUTES, "GET", "/items/a%20b").orElseThrow().pathParameters());
        assertEquals(
                Map.of("proxy", "7/parts/x"),
                RouteMatch.find(ROUTES, "GET", "/items/7/parts/x").orElseThrow().pathParameters());
        assertEquals(
                Map.of(), RouteMatch.find(ROUTES, "PUT", "/x").orElseThrow().pathParameters());
    }

    @Test
    void aGreedyVariableNeedsASegmentAndATrailingSlashIsIgnored() {
        List<RouteKey> routes = List.of(RouteKey.parse("GET /files/{proxy+}"));
        assertTrue(RouteMatch.find(routes, "GET", "/files").isEmpty());
        assertTrue(RouteMatch.find(routes, "GET", "/files/a/").isPresent());
        assertTrue(RouteMatch.find(routes, "POST", "/files/a").isEmpty(), "GET only");
    }

    @Test
    void withoutDefaultAnUnmatchedRequestHasNoRoute() {
        assertTrue(
                RouteMatch.find(List.of(RouteKey.parse("GET /a")), "GET", "/b").isEmpty());
    }

    @Test
    void malformedRouteKeysAreBadRequests() {
        for (String bad : List.of("", "GET", "FETCH /a", "GET a", "GET /a//b", "GET /{p+}/x", "GET /a{b}", "GET /{}")) {
            AwsException e = assertThrows(AwsException.class, () -> RouteKey.parse(bad), bad);
            assertEquals("BadRequestException", e.code());
            assertEquals(400, e.status());
        }
    }
}
