package dev.lamina.apigateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourceMatchTest {
    private static final RestApi.Method GET = new RestApi.Method("GET", "NONE", false, null);
    private static final RestApi.Method ANY = new RestApi.Method("ANY", "NONE", false, null);

    private static final List<RestApi.Resource> RESOURCES = List.of(
            new RestApi.Resource("root", null, null, "/", Map.of("GET", GET)),
            new RestApi.Resource("items", "root", "items", "/items", Map.of("GET", GET)),
            new RestApi.Resource("item", "items", "{id}", "/items/{id}", Map.of("GET", GET, "ANY", ANY)),
            new RestApi.Resource("latest", "items", "latest", "/items/latest", Map.of("GET", GET)),
            new RestApi.Resource("files", "root", "files", "/files", Map.of()),
            new RestApi.Resource("proxy", "files", "{proxy+}", "/files/{proxy+}", Map.of("ANY", ANY)),
            new RestApi.Resource("all", "root", "{any+}", "/{any+}", Map.of("ANY", ANY)));

    private static String reached(String method, String path) {
        return ResourceMatch.find(RESOURCES, method, path)
                .map(m -> m.resource().id() + " " + m.method().httpMethod() + " " + m.pathParameters())
                .orElse("nothing");
    }

    @Test
    void theMostSpecificResourceAndTheRequestsOwnMethodWin() {
        assertEquals("root GET {}", reached("GET", "/"));
        assertEquals("items GET {}", reached("GET", "/items"));
        assertEquals("items GET {}", reached("GET", "/items/"), "a trailing slash is ignored");
        assertEquals("latest GET {}", reached("GET", "/items/latest"), "a literal beats a variable");
        assertEquals("item GET {id=42}", reached("GET", "/items/42"), "GET beats ANY at one path");
        assertEquals("item ANY {id=42}", reached("DELETE", "/items/42"));
        assertEquals("item ANY {id=a b}", reached("PUT", "/items/a%20b"), "variables are decoded");
        assertEquals("proxy ANY {proxy=a/b/c.txt}", reached("POST", "/files/a/b/c.txt"));
        assertEquals("all ANY {any=other/x}", reached("GET", "/other/x"));
    }

    @Test
    void aRequestNoMethodTakesReachesNothing() {
        assertEquals("nothing", reached("POST", "/items"), "/items has no POST, and {proxy+} does not stand in");
        assertEquals("nothing", reached("GET", "/files"), "a resource without methods, and {proxy+} needs a segment");
        assertTrue(ResourceMatch.find(List.of(), "GET", "/").isEmpty());
    }
}
