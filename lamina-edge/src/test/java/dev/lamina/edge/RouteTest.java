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
                invoke.match(
                        Route.segments(
                                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/invocations")));
    }

    @Test
    void plusIsNotASpaceInAPath() {
        assertEquals(
                Map.of("FunctionName", "a+b"), invoke.match(Route.segments("/2015-03-31/functions/a+b/invocations")));
    }

    @Test
    void trailingSlashesDoNotMatter() {
        Route list = new Route("GET", "/2015-03-31/functions/", (r, p) -> null);
        assertEquals(Map.of(), list.match(Route.segments("/2015-03-31/functions")));
        assertEquals(Map.of(), list.match(Route.segments("/2015-03-31/functions/")));
    }

    @Test
    void otherPathsDoNotMatch() {
        assertNull(invoke.match(Route.segments("/2015-03-31/functions/f")));
        assertNull(invoke.match(Route.segments("/2015-03-31/functions/f/configuration")));
    }
}
