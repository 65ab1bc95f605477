package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTest {
    private final Route invoke = new Route("POST", "/2015-03-31/functions/{FunctionName}/invocations", (r, p) -> null);

    @Test
    void capturesAndDecodesASegment() {
        assertEquals(
                Map.of("FunctionName", "arn:aws:lambda:us-east-1:000000000000:function:f"),
                match(
                        invoke,
                        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations"));
    }

    @Test
    void plusIsNotASpaceInAPath() {
        assertEquals(Map.of("FunctionName", "a+b"), match(invoke, "/2015-03-31/functions/a+b/invocations"));
    }

    @Test
    void trailingSlashesDoNotMatter() {
        Route list = new Route("GET", "/2015-03-31/functions/", (r, p) -> null);
        assertEquals(Map.of(), match(list, "/2015-03-31/functions"));
        assertEquals(Map.of(), match(list, "/2015-03-31/functions/"));
    }

    @Test
    void otherPathsDoNotMatch() {
        assertNull(match(invoke, "/2015-03-31/functions/f"));
        assertNull(match(invoke, "/2015-03-31/functions/f/configuration"));
    }

    @Test
    void aGreedyLabelTakesTheRestOfThePathAsSent() {
        Route object = new Route("GET", "/{Bucket}/{Key+}", (r, p) -> null);
        assertEquals(Map.of("Bucket", "b", "Key", "dir/a b+c"), match(object, "/b/dir/a%20b+c"));
        assertEquals(Map.of("Bucket", "b", "Key", "dir/"), match(object, "/b/dir/"));
        assertEquals(Map.of("Bucket", "b", "Key", "/x"), match(object, "/b//x"));
        assertNull(match(object, "/b/"));
        assertNull(match(object, "/b"));
        Route root = new Route("GET", "/{Key+}", (r, p) -> null);
        assertEquals(Map.of("Key", "k/"), match(root, "/k/"));
    }

    private static Map<String, String> match(Route route, String path) {
        return route.match(Route.segments(path), path);
    }
}
