package dev.lamina.apigateway.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.apigateway.http.SqliteApiStore;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class RestApisTest {
    private static final String URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
            + "arn:aws:lambda:us-east-1:000000000000:function:f/invocations";

    @TempDir
    Path dir;

    private RestApis apis(Database db) throws Exception {
        return new RestApis(
                db,
                new SqliteApiStore<>(db, "apigateway_restapis", RestApi.class, RestApi::id),
                InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000)),
                new SplittableRandom(7),
                "000000000000");
    }

    private static void refused(int status, String code, String message, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(status, e.status());
        assertEquals(code, e.code());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aTreeOfResourcesDeployedToAStageSurvivesARestart() throws Exception {
        String apiId;
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            RestApis apis = apis(db);
            RestApi api = apis.create("shop", null);
            apiId = api.id();
            RestApi.Resource items = apis.createResource(apiId, api.rootResourceId(), "items");
            RestApi.Resource item = apis.createResource(apiId, items.id(), "{id}");
            assertEquals("/items/{id}", item.path());
            apis.putMethod(apiId, item.id(), "GET", "NONE");
            apis.putIntegration(apiId, item.id(), "GET", "AWS_PROXY", "POST", URI, null);
            RestApi.Deployment deployment = apis.createDeployment(apiId, "first", "prod", Map.of("color", "blue"));
            RestApi.Stage stage = apis.getStage(apiId, "prod");
            assertEquals(deployment.id(), stage.deploymentId());
            assertEquals(Map.of("color", "blue"), stage.variables());
            apis.updateStage(apiId, "prod", List.of(new RestApis.Patch("replace", "/variables/size", "L")));
        }
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            RestApi api = apis(db).get(apiId);
            RestApi.Deployment deployment = api.deployments().getFirst();
            assertEquals(3, deployment.resources().size());
            assertEquals(
                    Map.of("color", "blue", "size", "L"),
                    api.stage("prod").orElseThrow().variables());
            assertEquals(
                    "arn:aws:lambda:us-east-1:000000000000:function:f",
                    RestApis.functionArn(ResourceMatch.find(deployment.resources(), "GET", "/items/42")
                            .orElseThrow()
                            .method()
                            .integration()
                            .uri()));
        }
    }

    @Test
    void badInputIsRefusedAsApiGatewayRefusesItAndChangesNothing() throws Exception {
        try (Database db = new Database(dir.resolve("lamina.db"))) {
            RestApis apis = apis(db);
            refused(
                    404,
                    "NotFoundException",
                    "Invalid API identifier specified 000000000000:nope",
                    () -> apis.get("nope"));
            RestApi api = apis.create("shop", null);
            String root = api.rootResourceId();
            refused(
                    400,
                    "BadRequestException",
                    "Resource's path part only allow",
                    () -> apis.createResource(api.id(), root, "a/b"));
            refused(
                    400,
                    "BadRequestException",
                    "Resource's path part only allow",
                    () -> apis.createResource(api.id(), root, "{id"));
            refused(
                    404,
                    "NotFoundException",
                    "Invalid Resource identifier specified",
                    () -> apis.createResource(api.id(), "nope", "x"));
            RestApi.Resource proxy = apis.createResource(api.id(), root, "{proxy+}");
            refused(
                    400,
                    "BadRequestException",
                    "greedy path variable",
                    () -> apis.createResource(api.id(), proxy.id(), "x"));
            refused(
                    400,
                    "BadRequestException",
                    "already has a variable path part",
                    () -> apis.createResource(api.id(), root, "{id}"));
            apis.createResource(api.id(), root, "items");
            refused(
                    409,
                    "ConflictException",
                    "same parent already has this name: items",
                    () -> apis.createResource(api.id(), root, "items"));
            refused(
                    400,
                    "BadRequestException",
                    "The REST API doesn't contain any methods",
                    () -> apis.createDeployment(api.id(), null, "prod", null));
            refused(
                    400,
                    "BadRequestException",
                    "Invalid HttpMethod specified",
                    () -> apis.putMethod(api.id(), root, "FETCH", "NONE"));
            refused(
                    404,
                    "NotFoundException",
                    "Invalid Method identifier specified",
                    () -> apis.putIntegration(api.id(), root, "GET", "AWS_PROXY", "POST", URI, null));
            apis.putMethod(api.id(), root, "GET", "NONE");
            refused(
                    400,
                    "BadRequestException",
                    "No integration defined for method",
                    () -> apis.createDeployment(api.id(), null, "prod", null));
            refused(
                    400,
                    "BadRequestException",
                    "Invalid ARN specified in the request",
                    () -> apis.putIntegration(api.id(), root, "GET", "AWS_PROXY", "POST", "arn:aws:lambda:f", null));
            refused(
                    400,
                    "BadRequestException",
                    "Timeout should be between 50 ms and 29000 ms",
                    () -> apis.putIntegration(api.id(), root, "GET", "AWS_PROXY", "POST", URI, 30_000));
            refused(
                    400,
                    "BadRequestException",
                    "AWS_PROXY",
                    () -> apis.putIntegration(api.id(), root, "GET", "HTTP", "POST", URI, null));
            refused(
                    404,
                    "NotFoundException",
                    "Invalid Deployment identifier specified",
                    () -> apis.createStage(api.id(), "prod", "nope", null, null));
            refused(
                    404,
                    "NotFoundException",
                    "Invalid Stage identifier specified",
                    () -> apis.getStage(api.id(), "prod"));
            assertEquals(3, apis.get(api.id()).resources().size(), "nothing refused was kept");
            assertTrue(apis.get(api.id()).deployments().isEmpty());

            apis.putIntegration(api.id(), root, "GET", "AWS_PROXY", "POST", URI, 3_000);
            RestApi.Deployment deployment = apis.createDeployment(api.id(), null, null, null);
            apis.createStage(api.id(), "prod", deployment.id(), null, null);
            refused(
                    409,
                    "ConflictException",
                    "Stage already exists",
                    () -> apis.createStage(api.id(), "prod", deployment.id(), null, null));
            refused(
                    400,
                    "BadRequestException",
                    "Stage name only allows",
                    () -> apis.createStage(api.id(), "a b", deployment.id(), null, null));
            apis.deleteResource(api.id(), proxy.id());
            assertEquals(2, apis.get(api.id()).resources().size());
            apis.delete(api.id());
            refused(404, "NotFoundException", "Invalid API identifier specified", () -> apis.delete(api.id()));
        }
    }
}
