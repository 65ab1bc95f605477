package dev.lamina.apigateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which routes a stage serves, what a stage change may ask, and the document they are stored in. */
class DeploymentsTest {
    private static final HttpApi.Integration FIRST = new HttpApi.Integration("i1", "AWS_PROXY", "arn:f", "2.0", 30_000);
    private static final HttpApi.Route OLD = new HttpApi.Route("r1", "GET /old", "integrations/i1", "NONE", null, null);
    private static final HttpApi.Route NEW = new HttpApi.Route("r2", "GET /new", "integrations/i1", "NONE", null, null);
    private static final HttpApi.Deployment SNAPSHOT =
            new HttpApi.Deployment("d1", "first", 5, List.of(OLD), List.of(FIRST), List.of());

    private static HttpApi api(HttpApi.Stage... stages) {
        return new HttpApi(
                "abc",
                "n",
                null,
                0,
                List.of(OLD, NEW),
                List.of(FIRST),
                List.of(stages),
                null,
                List.of(),
                List.of(SNAPSHOT),
                Map.of());
    }

    private static HttpApi.Stage stage(boolean autoDeploy, String deploymentId) {
        return new HttpApi.Stage("prod", autoDeploy, 0, Map.of(), null, deploymentId, null, null, 0);
    }

    @Test
    void anAutoDeployedStageServesTheRoutesAsTheyAreNow() {
        HttpApi api = api(stage(true, null));
        assertSame(api, api.servedBy(api.stages().getFirst()));
    }

    @Test
    void aStageWithADeploymentServesItsSnapshot() {
        HttpApi api = api(stage(false, "d1"));
        HttpApi served = api.servedBy(api.stages().getFirst());
        assertEquals(List.of(OLD), served.routes());
        assertEquals(List.of(FIRST), served.integrations());
        assertEquals("abc", served.apiId());
    }

    @Test
    void aStageWithoutAutoDeployOrADeploymentServesNothing() {
        HttpApi api = api(stage(false, null), stage(false, "gone"));
        assertTrue(api.servedBy(api.stages().get(0)).routes().isEmpty());
        assertTrue(api.servedBy(api.stages().get(1)).routes().isEmpty());
    }

    @Test
    void aStageChangeNamesAnExistingDeploymentOnAStageWithoutAutoDeploy() {
        HttpApi api = api(stage(false, null));
        HttpApi.Stage prod = api.stages().getFirst();
        assertEquals("d1", StageSpec.deploying("d1").applyTo(api, prod, 9).deploymentId());
        assertEquals(9, StageSpec.deploying("d1").applyTo(api, prod, 9).lastUpdatedMillis());
        AwsException missing = assertThrows(
                AwsException.class, () -> StageSpec.deploying("nope").applyTo(api, prod, 9));
        assertEquals("NotFoundException", missing.code());
        StageSpec autoWithDeployment = new StageSpec(null, true, "d1", null, null, null);
        assertEquals(
                "BadRequestException",
                assertThrows(AwsException.class, () -> autoWithDeployment.applyTo(api, prod, 9))
                        .code());
    }

    @Test
    void routeSettingsNameRoutesOfTheApiAndMergeByKey() {
        HttpApi api = api(stage(false, null));
        HttpApi.RouteSettings slow = new HttpApi.RouteSettings(1, 1.0, false);
        HttpApi.Stage once = new StageSpec(null, null, null, null, null, Map.of("GET /old", slow))
                .applyTo(api, api.stages().getFirst(), 1);
        HttpApi.Stage twice =
                new StageSpec(null, null, null, null, null, Map.of("GET /new", slow)).applyTo(api, once, 2);
        assertEquals(Map.of("GET /old", slow, "GET /new", slow), twice.routeSettings());
        AwsException unknown = assertThrows(
                AwsException.class,
                () -> new StageSpec(null, null, null, null, null, Map.of("GET /nope", slow)).applyTo(api, once, 3));
        assertEquals("Unable to find Route by key GET /nope within the provided RouteSettings", unknown.getMessage());
        assertEquals(404, unknown.status());
        assertThrows(
                AwsException.class,
                () -> new StageSpec(null, null, null, null, new HttpApi.RouteSettings(-1, null, false), null)
                        .applyTo(api, once, 3));
    }

    @Test
    void theDocumentKeepsDeploymentsAndOlderDocumentsReadWithout() throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpApi api = api(stage(false, "d1"));
        assertEquals(api, json.readValue(json.writeValueAsString(api), HttpApi.class));
        HttpApi old = json.readValue("""
                {"apiId":"a","name":"n","createdMillis":1,"routes":[],"integrations":[],
                 "stages":[{"name":"$default","autoDeploy":true,"createdMillis":7,"variables":{}}]}
                """, HttpApi.class);
        assertTrue(old.deployments().isEmpty());
        HttpApi.Stage stage = old.stages().getFirst();
        assertEquals(7, stage.lastUpdatedMillis());
        assertEquals(HttpApi.RouteSettings.NONE, stage.defaultRouteSettings());
        assertTrue(stage.routeSettings().isEmpty());
    }
}
