package dev.lamina.apigateway.api;

import static dev.lamina.apigateway.api.ApiGatewayV2Api.body;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.list;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.ok;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.apigateway.http.StageSpec;
import dev.lamina.apigateway.http.Stages;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stages and deployments of an HTTP API in API Gateway's v2 API: Create, Get (one and all),
 * Update (stages) and Delete. Each parses, calls one operation of {@link Stages} and renders.
 */
final class StageParts {
    private final Stages stages;
    private final Apis apis;
    private final ObjectMapper json;

    StageParts(Stages stages, Apis apis, ObjectMapper json) {
        this.stages = stages;
        this.apis = apis;
        this.json = json;
    }

    Router router() {
        return new Router()
                .add("POST", "/v2/apis/{apiId}/stages", (r, p) -> {
                    JsonNode body = body(json, r);
                    return ok(
                            json,
                            201,
                            stage(stages.createStage(p.get("apiId"), text(body, "stageName"), stageSpec(body))));
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/stages/{stageName}",
                        (r, p) -> ok(json, 200, stage(stages.stage(p.get("apiId"), p.get("stageName")))))
                .add(
                        "PATCH",
                        "/v2/apis/{apiId}/stages/{stageName}",
                        (r, p) -> ok(
                                json,
                                200,
                                stage(stages.updateStage(
                                        p.get("apiId"), p.get("stageName"), stageSpec(body(json, r))))))
                .add("DELETE", "/v2/apis/{apiId}/stages/{stageName}", (r, p) -> {
                    stages.deleteStage(p.get("apiId"), p.get("stageName"));
                    return HttpResponse.empty(204);
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/stages",
                        (r, p) -> list(json, r, apis.get(p.get("apiId")).stages(), this::stage))
                .add("POST", "/v2/apis/{apiId}/deployments", (r, p) -> {
                    JsonNode body = body(json, r);
                    return ok(
                            json,
                            201,
                            deployment(stages.createDeployment(
                                    p.get("apiId"), text(body, "description"), text(body, "stageName"))));
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/deployments/{deploymentId}",
                        (r, p) -> ok(json, 200, deployment(stages.deployment(p.get("apiId"), p.get("deploymentId")))))
                .add(
                        "GET",
                        "/v2/apis/{apiId}/deployments",
                        (r, p) -> list(json, r, apis.get(p.get("apiId")).deployments(), this::deployment))
                .add("DELETE", "/v2/apis/{apiId}/deployments/{deploymentId}", (r, p) -> {
                    stages.deleteDeployment(p.get("apiId"), p.get("deploymentId"));
                    return HttpResponse.empty(204);
                });
    }

    private StageSpec stageSpec(JsonNode body) {
        JsonNode auto = body.get("autoDeploy");
        if (auto != null && !auto.isNull() && !auto.isBoolean()) {
            throw badRequest("Invalid value for autoDeploy: expected a boolean.");
        }
        Map<String, String> variables = null;
        JsonNode given = body.get("stageVariables");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw badRequest("Invalid value for stageVariables: expected an object.");
            }
            variables = new LinkedHashMap<>();
            for (var field : given.properties()) {
                if (!field.getValue().isTextual()) {
                    throw badRequest("Invalid stage variable " + field.getKey() + ": expected a string.");
                }
                variables.put(field.getKey(), field.getValue().asText());
            }
        }
        Map<String, HttpApi.RouteSettings> routeSettings = null;
        JsonNode routes = body.get("routeSettings");
        if (routes != null && !routes.isNull()) {
            if (!routes.isObject()) {
                throw badRequest("Invalid value for routeSettings: expected an object.");
            }
            routeSettings = new LinkedHashMap<>();
            for (var field : routes.properties()) {
                routeSettings.put(field.getKey(), routeSettings(field.getValue(), "routeSettings"));
            }
        }
        JsonNode defaults = body.get("defaultRouteSettings");
        return new StageSpec(
                text(body, "description"),
                auto == null || auto.isNull() ? null : auto.asBoolean(),
                text(body, "deploymentId"),
                variables,
                defaults == null || defaults.isNull() ? null : routeSettings(defaults, "defaultRouteSettings"),
                routeSettings);
    }

    private static HttpApi.RouteSettings routeSettings(JsonNode node, String field) {
        if (!node.isObject()) {
            throw badRequest("Invalid value for " + field + ": expected an object.");
        }
        JsonNode burst = node.get("throttlingBurstLimit");
        if (burst != null && !burst.isNull() && !burst.isInt()) {
            throw badRequest("Invalid value for throttlingBurstLimit: expected an integer.");
        }
        JsonNode rate = node.get("throttlingRateLimit");
        if (rate != null && !rate.isNull() && !rate.isNumber()) {
            throw badRequest("Invalid value for throttlingRateLimit: expected a number.");
        }
        return new HttpApi.RouteSettings(
                burst == null || burst.isNull() ? null : burst.intValue(),
                rate == null || rate.isNull() ? null : rate.doubleValue(),
                node.path("detailedMetricsEnabled").asBoolean(false));
    }

    private ObjectNode stage(HttpApi.Stage stage) {
        ObjectNode out = json.createObjectNode()
                .put("autoDeploy", stage.autoDeploy())
                .put("createdDate", date(stage.createdMillis()));
        putSettings(out.putObject("defaultRouteSettings"), stage.defaultRouteSettings());
        if (stage.deploymentId() != null) {
            out.put("deploymentId", stage.deploymentId());
        }
        if (stage.description() != null) {
            out.put("description", stage.description());
        }
        out.put("lastUpdatedDate", date(stage.lastUpdatedMillis()));
        ObjectNode routes = out.putObject("routeSettings");
        stage.routeSettings().forEach((key, settings) -> putSettings(routes.putObject(key), settings));
        out.put("stageName", stage.name());
        ObjectNode variables = out.putObject("stageVariables");
        stage.variables().forEach(variables::put);
        out.putObject("tags");
        return out;
    }

    private static void putSettings(ObjectNode out, HttpApi.RouteSettings settings) {
        out.put("detailedMetricsEnabled", settings.detailedMetricsEnabled());
        if (settings.throttlingBurstLimit() != null) {
            out.put("throttlingBurstLimit", settings.throttlingBurstLimit());
        }
        if (settings.throttlingRateLimit() != null) {
            out.put("throttlingRateLimit", settings.throttlingRateLimit());
        }
    }

    private ObjectNode deployment(HttpApi.Deployment deployment) {
        ObjectNode out = json.createObjectNode()
                .put("autoDeployed", false)
                .put("createdDate", date(deployment.createdMillis()))
                .put("deploymentId", deployment.deploymentId())
                .put("deploymentStatus", "DEPLOYED");
        if (deployment.description() != null) {
            out.put("description", deployment.description());
        }
        return out;
    }

    private static String date(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }
}
