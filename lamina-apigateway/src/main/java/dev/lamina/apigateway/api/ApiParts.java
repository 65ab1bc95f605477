package dev.lamina.apigateway.api;

import static dev.lamina.apigateway.api.ApiGatewayV2Api.body;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.ok;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.strings;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.AuthorizerSpec;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes, integrations and stages of an HTTP API in API Gateway's v2 API: Create, Get (one and
 * all) and, for routes and stages, Delete. Each parses, calls one operation of {@link Apis} and renders.
 */
final class ApiParts {
    private final Apis apis;
    private final ObjectMapper json;

    ApiParts(Apis apis, ObjectMapper json) {
        this.apis = apis;
        this.json = json;
    }

    Router router() {
        return new Router()
                .add(
                        "POST",
                        "/v2/apis/{apiId}/routes",
                        (r, p) -> ok(json, 201, route(apis.createRoute(p.get("apiId"), routeSpec(r)))))
                .add(
                        "PATCH",
                        "/v2/apis/{apiId}/routes/{routeId}",
                        (r, p) ->
                                ok(json, 200, route(apis.updateRoute(p.get("apiId"), p.get("routeId"), routeSpec(r)))))
                .add("POST", "/v2/apis/{apiId}/authorizers", (r, p) -> {
                    JsonNode body = body(json, r);
                    JsonNode ttl = body.get("authorizerResultTtlInSeconds");
                    if (ttl != null && !ttl.isIntegralNumber()) {
                        throw badRequest("Invalid value for authorizerResultTtlInSeconds: expected an integer.");
                    }
                    return ok(
                            json,
                            201,
                            authorizer(apis.createAuthorizer(
                                    p.get("apiId"),
                                    new AuthorizerSpec(
                                            text(body, "name"),
                                            text(body, "authorizerType"),
                                            text(body, "authorizerUri"),
                                            strings(body, "identitySource"),
                                            text(body, "authorizerPayloadFormatVersion"),
                                            body.path("enableSimpleResponses").asBoolean(false),
                                            ttl == null ? null : ttl.asInt(),
                                            jwt(body.get("jwtConfiguration"))))));
                })
                .add("GET", "/v2/apis/{apiId}/authorizers", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode items = out.putArray("items");
                    apis.get(p.get("apiId")).authorizers().forEach(a -> items.add(authorizer(a)));
                    return ok(json, 200, out);
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/authorizers/{authorizerId}",
                        (r, p) -> ok(json, 200, authorizer(apis.authorizer(p.get("apiId"), p.get("authorizerId")))))
                .add("DELETE", "/v2/apis/{apiId}/authorizers/{authorizerId}", (r, p) -> {
                    apis.deleteAuthorizer(p.get("apiId"), p.get("authorizerId"));
                    return HttpResponse.empty(204);
                })
                .add("GET", "/v2/apis/{apiId}/routes", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode items = out.putArray("items");
                    apis.get(p.get("apiId")).routes().forEach(route -> items.add(route(route)));
                    return ok(json, 200, out);
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/routes/{routeId}",
                        (r, p) -> ok(json, 200, route(apis.route(p.get("apiId"), p.get("routeId")))))
                .add("DELETE", "/v2/apis/{apiId}/routes/{routeId}", (r, p) -> {
                    apis.deleteRoute(p.get("apiId"), p.get("routeId"));
                    return HttpResponse.empty(204);
                })
                .add("POST", "/v2/apis/{apiId}/integrations", (r, p) -> {
                    JsonNode body = body(json, r);
                    JsonNode timeout = body.get("timeoutInMillis");
                    if (timeout != null && !timeout.isIntegralNumber()) {
                        throw badRequest("Invalid value for timeoutInMillis: expected an integer.");
                    }
                    return ok(
                            json,
                            201,
                            integration(apis.createIntegration(
                                    p.get("apiId"),
                                    text(body, "integrationType"),
                                    text(body, "integrationUri"),
                                    text(body, "payloadFormatVersion"),
                                    timeout == null ? null : timeout.asInt())));
                })
                .add("GET", "/v2/apis/{apiId}/integrations", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode items = out.putArray("items");
                    apis.get(p.get("apiId")).integrations().forEach(i -> items.add(integration(i)));
                    return ok(json, 200, out);
                })
                .add("POST", "/v2/apis/{apiId}/stages", (r, p) -> {
                    JsonNode body = body(json, r);
                    Map<String, String> variables = new LinkedHashMap<>();
                    JsonNode given = body.path("stageVariables");
                    for (var field : given.properties()) {
                        if (!field.getValue().isTextual()) {
                            throw badRequest("Invalid stage variable " + field.getKey() + ": expected a string.");
                        }
                        variables.put(field.getKey(), field.getValue().asText());
                    }
                    boolean autoDeploy = body.path("autoDeploy").asBoolean(false);
                    return ok(
                            json,
                            201,
                            stage(apis.createStage(p.get("apiId"), text(body, "stageName"), autoDeploy, variables)));
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/integrations/{integrationId}",
                        (r, p) -> ok(json, 200, integration(apis.integration(p.get("apiId"), p.get("integrationId")))))
                .add(
                        "GET",
                        "/v2/apis/{apiId}/stages/{stageName}",
                        (r, p) -> ok(json, 200, stage(apis.stage(p.get("apiId"), p.get("stageName")))))
                .add("DELETE", "/v2/apis/{apiId}/stages/{stageName}", (r, p) -> {
                    apis.deleteStage(p.get("apiId"), p.get("stageName"));
                    return HttpResponse.empty(204);
                })
                .add("GET", "/v2/apis/{apiId}/stages", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode items = out.putArray("items");
                    apis.get(p.get("apiId")).stages().forEach(s -> items.add(stage(s)));
                    return ok(json, 200, out);
                });
    }

    private Apis.RouteSpec routeSpec(dev.lamina.edge.HttpRequest request) {
        JsonNode body = body(json, request);
        return new Apis.RouteSpec(
                text(body, "routeKey"),
                text(body, "target"),
                text(body, "authorizationType"),
                text(body, "authorizerId"),
                body.has("authorizationScopes") ? strings(body, "authorizationScopes") : null);
    }

    private static HttpApi.Jwt jwt(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw badRequest("Invalid value for jwtConfiguration: expected an object.");
        }
        return new HttpApi.Jwt(text(node, "issuer"), strings(node, "audience"));
    }

    private ObjectNode authorizer(HttpApi.Authorizer authorizer) {
        ObjectNode out = json.createObjectNode().put("authorizerId", authorizer.authorizerId());
        if (authorizer.type().equals("REQUEST")) {
            out.put("authorizerPayloadFormatVersion", authorizer.payloadFormatVersion())
                    .put("authorizerResultTtlInSeconds", authorizer.resultTtlSeconds())
                    .put("authorizerType", "REQUEST")
                    .put("authorizerUri", authorizer.functionArn())
                    .put("enableSimpleResponses", authorizer.simpleResponses());
        } else {
            out.put("authorizerType", "JWT");
        }
        ArrayNode sources = out.putArray("identitySource");
        authorizer.identitySource().forEach(sources::add);
        if (authorizer.jwt() != null) {
            ObjectNode jwt = out.putObject("jwtConfiguration");
            authorizer.jwt().audience().forEach(jwt.putArray("audience")::add);
            jwt.put("issuer", authorizer.jwt().issuer());
        }
        out.put("name", authorizer.name());
        return out;
    }

    private ObjectNode route(HttpApi.Route route) {
        ObjectNode out = json.createObjectNode()
                .put("apiKeyRequired", false)
                .put("authorizationType", route.authorizationType())
                .put("routeId", route.routeId())
                .put("routeKey", route.routeKey());
        if (!route.authorizationScopes().isEmpty()) {
            route.authorizationScopes().forEach(out.putArray("authorizationScopes")::add);
        }
        if (route.authorizerId() != null) {
            out.put("authorizerId", route.authorizerId());
        }
        if (route.target() != null) {
            out.put("target", route.target());
        }
        return out;
    }

    private ObjectNode integration(HttpApi.Integration integration) {
        return json.createObjectNode()
                .put("connectionType", "INTERNET")
                .put("integrationId", integration.integrationId())
                .put("integrationMethod", "POST")
                .put("integrationType", integration.type())
                .put("integrationUri", integration.uri())
                .put("payloadFormatVersion", integration.payloadFormatVersion())
                .put("timeoutInMillis", integration.timeoutMillis());
    }

    private ObjectNode stage(HttpApi.Stage stage) {
        String created = Instant.ofEpochMilli(stage.createdMillis()).toString();
        ObjectNode out = json.createObjectNode()
                .put("autoDeploy", stage.autoDeploy())
                .put("createdDate", created)
                .put("lastUpdatedDate", created)
                .put("stageName", stage.name());
        out.putObject("defaultRouteSettings").put("detailedMetricsEnabled", false);
        ObjectNode variables = out.putObject("stageVariables");
        stage.variables().forEach(variables::put);
        out.putObject("tags");
        return out;
    }

    private static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }

    private static AwsException notFound(String type, String id) {
        return new AwsException(
                404,
                "NotFoundException",
                "Invalid " + type + " identifier specified " + id,
                Map.of("resourceType", type));
    }
}
