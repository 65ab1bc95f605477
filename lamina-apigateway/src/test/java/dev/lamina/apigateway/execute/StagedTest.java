package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.apigateway.http.HttpApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagedTest {
    private static final HttpApi.Stage DEFAULT = new HttpApi.Stage("$default", true, 0, Map.of());
    private static final HttpApi.Stage PROD = new HttpApi.Stage("prod", true, 0, Map.of("k", "v"));

    private static HttpApi api(HttpApi.Stage... stages) {
        return new HttpApi(
                "abc", "n", null, 0, List.of(), List.of(), List.of(stages), null, List.of(), List.of(), Map.of());
    }

    @Test
    void aNamedStageTakesItsFirstSegmentAndDefaultTheRest() {
        HttpApi both = api(DEFAULT, PROD);
        assertEquals(
                new ExecuteApiEndpoint.Staged(PROD, "/items/1"), ExecuteApiEndpoint.Staged.of(both, "/prod/items/1"));
        assertEquals(new ExecuteApiEndpoint.Staged(PROD, "/"), ExecuteApiEndpoint.Staged.of(both, "/prod"));
        assertEquals(
                new ExecuteApiEndpoint.Staged(DEFAULT, "/production/x"),
                ExecuteApiEndpoint.Staged.of(both, "/production/x"));
    }

    @Test
    void withoutAMatchingStageNothingServes() {
        assertNull(ExecuteApiEndpoint.Staged.of(api(PROD), "/dev/x"));
        assertNull(ExecuteApiEndpoint.Staged.of(api(), "/"));
    }
}
