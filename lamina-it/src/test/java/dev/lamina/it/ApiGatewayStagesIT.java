package dev.lamina.it;

import static dev.lamina.it.ApiGatewayIT.ECHO;
import static dev.lamina.it.ApiGatewayIT.JSON;
import static dev.lamina.it.ApiGatewayIT.arn;
import static dev.lamina.it.ApiGatewayIT.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.ApiGatewayV2Exception;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;

/**
 * The stages of HTTP APIs on a real node: integrations changed and deleted, deployments a stage
 * without auto-deploy serves (kept across a restart), and a stage's throttling, driven by the SDK for
 * Java v2 and, for the PATCH operations its URL-connection client cannot send, the AWS CLI.
 */
class ApiGatewayStagesIT {
    static TestNode node;
    static AwsCli aws;
    static ApiGatewayV2Client apigw;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        clients();
        Functions.create(node.lambda(), "apigw-stages", "python3.11", "app.handler", Functions.python(ECHO));
        node.lambda()
                .addPermission(r -> r.functionName("apigw-stages")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com"));
    }

    /** The CLI and the SDK client for the node as it is now (its port changes when it restarts). */
    private static void clients() throws Exception {
        if (apigw != null) {
            apigw.close();
        }
        aws = new AwsCli(node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-work")));
        apigw = TestNode.client(ApiGatewayV2Client.builder(), URI.create(node.endpoint()));
    }

    @AfterAll
    static void stop() {
        if (apigw != null) {
            apigw.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static AwsCli.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("apigatewayv2"));
        all.addAll(List.of(args));
        return aws.run(all.toArray(String[]::new));
    }

    static void refused(AwsCli.Result result, String code, String message) {
        assertTrue(result.exitCode() != 0, result.stdout());
        assertTrue(result.stderr().contains("(" + code + ")"), result.stderr());
        assertTrue(result.stderr().contains(message), result.stderr());
    }

    /** An API with an integration and the route {@code GET /a} to it; its id and integration's. */
    private static String[] api(String name) {
        String apiId = apigw.createApi(r -> r.name(name).protocolType(ProtocolType.HTTP))
                .apiId();
        String integration = apigw.createIntegration(r -> r.apiId(apiId)
                        .integrationType("AWS_PROXY")
                        .integrationUri(arn("apigw-stages"))
                        .payloadFormatVersion("2.0"))
                .integrationId();
        route(apiId, "GET /a", integration);
        return new String[] {apiId, integration};
    }

    private static String route(String apiId, String key, String integration) {
        return apigw.createRoute(r -> r.apiId(apiId).routeKey(key).target("integrations/" + integration))
                .routeId();
    }

    private static String endpoint(String apiId) {
        return apigw.getApi(r -> r.apiId(apiId)).apiEndpoint();
    }

    @Test
    void anIntegrationChangesInPlaceAndGoesOnlyWhenNoRouteTargetsIt() throws Exception {
        String[] made = api("integrations");
        String apiId = made[0];
        String integration = made[1];
        apigw.createStage(r -> r.apiId(apiId).stageName("$default").autoDeploy(true));
        String endpoint = endpoint(apiId);
        assertEquals(
                "2.0", JSON.readTree(get(endpoint + "/a").body()).get("version").asText());

        JsonNode updated = CliIT.ok(cli(
                "update-integration",
                "--api-id",
                apiId,
                "--integration-id",
                integration,
                "--payload-format-version",
                "1.0",
                "--timeout-in-millis",
                "3000"));
        assertEquals("1.0", updated.get("PayloadFormatVersion").asText());
        assertEquals(3000, updated.get("TimeoutInMillis").asInt());
        assertEquals(arn("apigw-stages"), updated.get("IntegrationUri").asText());
        HttpResponse<String> v1 = get(endpoint + "/a");
        assertEquals(201, v1.statusCode(), v1.body());
        assertEquals(
                "1.0", JSON.readTree(v1.body()).get("version").asText(), "an auto-deployed stage serves it at once");

        refused(
                cli(
                        "update-integration",
                        "--api-id",
                        apiId,
                        "--integration-id",
                        integration,
                        "--timeout-in-millis",
                        "40000"),
                "BadRequestException",
                "Timeout must be between 50 milliseconds and 30 seconds");
        assertEquals(
                3000,
                apigw.getIntegration(r -> r.apiId(apiId).integrationId(integration))
                        .timeoutInMillis(),
                "a refused update changes nothing");
        assertThrows(
                NotFoundException.class,
                () -> apigw.getIntegration(r -> r.apiId(apiId).integrationId("nope")));

        String b = route(apiId, "GET /b", integration);
        String a = apigw.getRoutes(r -> r.apiId(apiId)).items().stream()
                .filter(r -> r.routeKey().equals("GET /a"))
                .findFirst()
                .orElseThrow()
                .routeId();
        ApiGatewayV2Exception inUse = assertThrows(
                ApiGatewayV2Exception.class,
                () -> apigw.deleteIntegration(r -> r.apiId(apiId).integrationId(integration)));
        assertEquals(409, inUse.statusCode());
        assertEquals("ConflictException", inUse.awsErrorDetails().errorCode());
        assertTrue(
                inUse.awsErrorDetails()
                        .errorMessage()
                        .startsWith(
                                "Cannot delete Integration because it is referenced by the following Routes with Ids: ["),
                inUse.awsErrorDetails().errorMessage());
        assertTrue(inUse.awsErrorDetails().errorMessage().contains(a)
                && inUse.awsErrorDetails().errorMessage().contains(b));
        assertEquals(1, apigw.getIntegrations(r -> r.apiId(apiId)).items().size(), "a refused delete changes nothing");

        apigw.deleteRoute(r -> r.apiId(apiId).routeId(a));
        apigw.deleteRoute(r -> r.apiId(apiId).routeId(b));
        apigw.deleteIntegration(r -> r.apiId(apiId).integrationId(integration));
        assertTrue(apigw.getIntegrations(r -> r.apiId(apiId)).items().isEmpty());
        assertThrows(
                NotFoundException.class,
                () -> apigw.deleteIntegration(r -> r.apiId(apiId).integrationId(integration)));
        assertEquals(404, get(endpoint + "/a").statusCode());
        apigw.deleteApi(r -> r.apiId(apiId));
    }

    @Test
    void aStageWithoutAutoDeployServesItsDeploymentAcrossARestart() throws Exception {
        String[] made = api("deployed");
        String apiId = made[0];
        String integration = made[1];
        apigw.createStage(r -> r.apiId(apiId).stageName("prod"));
        String endpoint = endpoint(apiId);
        assertEquals(404, get(endpoint + "/prod/a").statusCode(), "no deployment yet");

        var first = apigw.createDeployment(r -> r.apiId(apiId).stageName("prod").description("first"));
        assertEquals("DEPLOYED", first.deploymentStatusAsString());
        assertEquals(
                first.deploymentId(),
                apigw.getStage(r -> r.apiId(apiId).stageName("prod")).deploymentId());
        assertEquals(201, get(endpoint + "/prod/a").statusCode());

        route(apiId, "GET /b", integration);
        assertEquals(
                404, get(endpoint + "/prod/b").statusCode(), "the stage serves its deployment, not the live routes");
        String second = apigw.createDeployment(r -> r.apiId(apiId).description("second"))
                .deploymentId();
        assertEquals(404, get(endpoint + "/prod/b").statusCode(), "a deployment without a stage changes no stage");
        assertEquals(
                List.of("first", "second"),
                apigw.getDeployments(r -> r.apiId(apiId)).items().stream()
                        .map(d -> d.description())
                        .toList());

        JsonNode switched =
                CliIT.ok(cli("update-stage", "--api-id", apiId, "--stage-name", "prod", "--deployment-id", second));
        assertEquals(second, switched.get("DeploymentId").asText());
        assertEquals(201, get(endpoint + "/prod/b").statusCode());

        BadRequestException inUse = assertThrows(
                BadRequestException.class,
                () -> apigw.deleteDeployment(r -> r.apiId(apiId).deploymentId(second)));
        assertTrue(inUse.getMessage().contains("Active stages pointing to this deployment"), inUse.getMessage());
        assertThrows(
                NotFoundException.class,
                () -> apigw.createDeployment(r -> r.apiId(apiId).stageName("$default")),
                "no such stage");
        assertEquals(2, apigw.getDeployments(r -> r.apiId(apiId)).items().size(), "a refused deployment makes none");
        apigw.deleteDeployment(r -> r.apiId(apiId).deploymentId(first.deploymentId()));
        assertThrows(
                NotFoundException.class,
                () -> apigw.getDeployment(r -> r.apiId(apiId).deploymentId(first.deploymentId())));

        node.restartNode();
        clients();
        String after = endpoint(apiId);
        route(apiId, "GET /c", integration);
        assertEquals(201, get(after + "/prod/b").statusCode(), "the deployment outlives a restart");
        assertEquals(404, get(after + "/prod/c").statusCode());
        assertEquals(
                second, apigw.getStage(r -> r.apiId(apiId).stageName("prod")).deploymentId());
        apigw.deleteApi(r -> r.apiId(apiId));
    }

    @Test
    void aStagesThrottlingAnswers429OverItsLimits() throws Exception {
        String[] made = api("throttled");
        String apiId = made[0];
        route(apiId, "GET /b", made[1]);
        apigw.createStage(r -> r.apiId(apiId).stageName("$default").autoDeploy(true));
        String endpoint = endpoint(apiId);
        assertEquals(201, get(endpoint + "/a").statusCode(), "unthrottled (and the function warm)");

        refused(
                cli(
                        "update-stage",
                        "--api-id",
                        apiId,
                        "--stage-name",
                        "$default",
                        "--default-route-settings",
                        "ThrottlingBurstLimit=1",
                        "--route-settings",
                        "{\"GET /nope\": {\"ThrottlingBurstLimit\": 0}}"),
                "NotFoundException",
                "Unable to find Route by key GET /nope within the provided RouteSettings");
        assertNull(
                apigw.getStage(r -> r.apiId(apiId).stageName("$default"))
                        .defaultRouteSettings()
                        .throttlingBurstLimit(),
                "a refused update changes nothing");

        JsonNode stage = CliIT.ok(cli(
                "update-stage",
                "--api-id",
                apiId,
                "--stage-name",
                "$default",
                "--default-route-settings",
                "ThrottlingBurstLimit=2,ThrottlingRateLimit=0.001",
                "--route-settings",
                "{\"GET /b\": {\"ThrottlingBurstLimit\": 0, \"ThrottlingRateLimit\": 100}}"));
        assertEquals(
                2, stage.get("DefaultRouteSettings").get("ThrottlingBurstLimit").asInt());
        assertEquals(
                0,
                stage.get("RouteSettings")
                        .get("GET /b")
                        .get("ThrottlingBurstLimit")
                        .asInt());

        assertEquals(201, get(endpoint + "/a").statusCode());
        assertEquals(201, get(endpoint + "/a").statusCode());
        HttpResponse<String> over = get(endpoint + "/a");
        assertEquals(429, over.statusCode(), over.body());
        assertEquals("{\"message\":\"Too Many Requests\"}", over.body());
        HttpResponse<String> closed = get(endpoint + "/b");
        assertEquals(429, closed.statusCode(), "burst 0 lets nothing through");
        apigw.deleteApi(r -> r.apiId(apiId));
    }

    @Test
    void tagsAndPagesOfRoutesAndApis() throws Exception {
        String apiId = apigw.createApi(
                        r -> r.name("tagged").protocolType(ProtocolType.HTTP).tags(Map.of("team", "web")))
                .apiId();
        String arn = "arn:aws:apigateway:us-east-1::/apis/" + apiId;
        assertEquals(Map.of("team", "web"), apigw.getApi(r -> r.apiId(apiId)).tags());
        apigw.tagResource(r -> r.resourceArn(arn).tags(Map.of("stage", "beta", "team", "api")));
        assertEquals(
                Map.of("stage", "beta", "team", "api"),
                apigw.getTags(r -> r.resourceArn(arn)).tags());
        assertThrows(
                BadRequestException.class,
                () -> apigw.tagResource(r -> r.resourceArn(arn).tags(Map.of("aws:reserved", "x"))));
        apigw.untagResource(r -> r.resourceArn(arn).tagKeys("stage", "absent"));
        assertEquals(
                Map.of("team", "api"), apigw.getTags(r -> r.resourceArn(arn)).tags(), "a refused tag changes nothing");
        assertThrows(
                NotFoundException.class,
                () -> apigw.getTags(r -> r.resourceArn("arn:aws:apigateway:us-east-1::/apis/nosuch")));

        String integration = apigw.createIntegration(
                        r -> r.apiId(apiId).integrationType("AWS_PROXY").integrationUri(arn("apigw-stages")))
                .integrationId();
        for (String key : List.of("GET /1", "GET /2", "GET /3")) {
            route(apiId, key, integration);
        }
        var first = apigw.getRoutes(r -> r.apiId(apiId).maxResults("2"));
        assertEquals(
                List.of("GET /1", "GET /2"),
                first.items().stream().map(i -> i.routeKey()).toList());
        var last = apigw.getRoutes(r -> r.apiId(apiId).maxResults("2").nextToken(first.nextToken()));
        assertEquals(
                List.of("GET /3"), last.items().stream().map(i -> i.routeKey()).toList());
        assertNull(last.nextToken());
        assertThrows(
                BadRequestException.class,
                () -> apigw.getRoutes(r -> r.apiId(apiId).maxResults("0")));
        // the CLI walks the pages itself, one route a page
        JsonNode walked = CliIT.ok(cli("get-routes", "--api-id", apiId, "--page-size", "1"));
        assertEquals(3, walked.get("Items").size(), walked.toString());

        List<String> apis = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            var page = apigw.getApis(r -> r.maxResults("1").nextToken(from));
            assertTrue(page.items().size() <= 1);
            page.items().forEach(a -> apis.add(a.apiId()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(1, apis.stream().filter(apiId::equals).count(), apis.toString());
        apigw.deleteApi(r -> r.apiId(apiId));
    }
}
