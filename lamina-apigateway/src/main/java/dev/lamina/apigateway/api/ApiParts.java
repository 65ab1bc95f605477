package dev.lamina.apigateway.api;

import static dev.lamina.apigateway.api.ApiGatewayV2Api.body;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.list;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.ok;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.strings;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.http.ApiRoutes;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.AuthorizerSpec;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.apigateway.http.Stages;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;

/**
 * The routes, integrations and authorizers of an HTTP API in API Gateway's v2 API: Create, Get (one
 * and all), Update (routes, integrations) and Delete; stages and deployments are {@link StageParts}. Each parses, calls one operation of {@link ApiRoutes} and renders.
 */
final class ApiParts {
    private final Apis apis;
    private final ApiRoutes routes;
    private final Stages stages;
    private final ObjectMapper json;

    ApiParts(Apis apis, ApiRoutes routes, Stages stages, ObjectMapper json) {
        this.apis = apis;
        this.routes = routes;
        this.stages = stages;
        this.json = json;
    }

    Router router() {
        return new Router()
                .add(
                        "POST",
                        "/v2/apis/{apiId}/routes",
                        (r, p) -> ok(json, 201, route(routes.createRoute(p.get("apiId"), routeSpec(r)))))
                .add(
                        "PATCH",
                        "/v2/apis/{apiId}/routes/{routeId}",
                        (r, p) -> ok(
                                json, 200, route(routes.updateRoute(p.get("apiId"), p.get("routeId"), routeSpec(r)))))
                .add("POST", "/v2/apis/{apiId}/authorizers", (r, p) -> {
                    JsonNode body = body(json, r);
                    JsonNode ttl = body.get("authorizerResultTtlInSeconds");
                    if (ttl != null && !ttl.isIntegralNumber()) {
                        throw badRequest("Invalid value for authorizerResultTtlInSeconds: expected an integer.");
                    }
                    return ok(
                            json,
                            201,
                            authorizer(routes.createAuthorizer(
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
                .add(
                        "GET",
                        "/v2/apis/{apiId}/authorizers",
                        (r, p) -> list(json, r, apis.get(p.get("apiId")).authorizers(), this::authorizer))
                .add(
                        "GET",
                        "/v2/apis/{apiId}/authorizers/{authorizerId}",
                        (r, p) -> ok(json, 200, authorizer(routes.authorizer(p.get("apiId"), p.get("authorizerId")))))
                .add("DELETE", "/v2/apis/{apiId}/authorizers/{authorizerId}", (r, p) -> {
                    routes.deleteAuthorizer(p.get("apiId"), p.get("authorizerId"));
                    return HttpResponse.empty(204);
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/routes",
                        (r, p) -> list(json, r, apis.get(p.get("apiId")).routes(), this::route))
                .add(
                        "GET",
                        "/v2/apis/{apiId}/routes/{routeId}",
                        (r, p) -> ok(json, 200, route(routes.route(p.get("apiId"), p.get("routeId")))))
                .add("DELETE", "/v2/apis/{apiId}/routes/{routeId}", (r, p) -> {
                    routes.deleteRoute(p.get("apiId"), p.get("routeId"));
                    return HttpResponse.empty(204);
                })
                .add("POST", "/v2/apis/{apiId}/integrations", (r, p) -> {
                    JsonNode body = body(json, r);
                    return ok(
                            json,
                            201,
                            integration(routes.createIntegration(
                                    p.get("apiId"),
                                    text(body, "integrationType"),
                                    text(body, "integrationUri"),
                                    text(body, "payloadFormatVersion"),
                                    timeout(body))));
                })
                .add(
                        "GET",
                        "/v2/apis/{apiId}/integrations",
                        (r, p) -> list(json, r, apis.get(p.get("apiId")).integrations(), this::integration))
                .add(
                        "GET",
                        "/v2/apis/{apiId}/integrations/{integrationId}",
                        (r, p) ->
                                ok(json, 200, integration(routes.integration(p.get("apiId"), p.get("integrationId")))))
                .add("PATCH", "/v2/apis/{apiId}/integrations/{integrationId}", (r, p) -> {
                    JsonNode body = body(json, r);
                    return ok(
                            json,
                            200,
                            integration(routes.updateIntegration(
                                    p.get("apiId"),
                                    p.get("integrationId"),
                                    text(body, "integrationType"),
                                    text(body, "integrationUri"),
                                    text(body, "payloadFormatVersion"),
                                    timeout(body))));
                })
                .add("DELETE", "/v2/apis/{apiId}/integrations/{integrationId}", (r, p) -> {
                    routes.deleteIntegration(p.get("apiId"), p.get("integrationId"));
                    return HttpResponse.empty(204);
                })
                .addAll(new StageParts(stages, apis, json).router());
    }

    private static Integer timeout(JsonNode body) {
        JsonNode timeout = body.get("timeoutInMillis");
        if (timeout != null && !timeout.isIntegralNumber()) {
            throw badRequest("Invalid value for timeoutInMillis: expected an integer.");
        }
        return timeout == null ? null : timeout.asInt();
    }

    private ApiRoutes.RouteSpec routeSpec(dev.lamina.edge.HttpRequest request) {
        JsonNode body = body(json, request);
        return new ApiRoutes.RouteSpec(
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

    private static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }
}
