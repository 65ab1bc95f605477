package dev.lamina.apigateway.rest;

import static dev.lamina.apigateway.api.ApiGatewayV2Api.body;
import static dev.lamina.apigateway.api.ApiGatewayV2Api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * API Gateway's v1 API (2015-07-09, rest-json, signed for {@code apigateway} as v2 is) for REST APIs
 * with Lambda proxy integrations: its routes under {@code /restapis}, which share the edge service of
 * the v2 API (whose routes are under {@code /v2}). Each route parses its request, calls one operation
 * of {@link RestApis} and renders the answer in the model's member names, timestamps in epoch seconds
 * (the protocol's default, as the SDKs read them); lists are {@code {"item": […]}}.
 */
public final class ApiGatewayV1Api {
    private static final String API = "/restapis/{restapi_id}";
    private static final String RESOURCE = API + "/resources/{resource_id}";
    private static final String METHOD = RESOURCE + "/methods/{http_method}";
    private static final String STAGE = API + "/stages/{stage_name}";

    private final RestApis apis;
    private final ObjectMapper json;

    public ApiGatewayV1Api(RestApis apis, ObjectMapper json) {
        this.apis = apis;
        this.json = json;
    }

    /** The v1 API's routes. */
    public Router router() {
        return new Router()
                .add("POST", "/restapis", (r, p) -> {
                    JsonNode body = body(json, r);
                    return answer(201, restApi(apis.create(text(body, "name"), text(body, "description"))));
                })
                .add(
                        "GET",
                        "/restapis",
                        (r, p) -> items(apis.list().stream().map(this::restApi).toList()))
                .add("GET", API, (r, p) -> answer(200, restApi(apis.get(p.get("restapi_id")))))
                .add("DELETE", API, (r, p) -> {
                    apis.delete(p.get("restapi_id"));
                    return HttpResponse.empty(202);
                })
                .add(
                        "GET",
                        API + "/resources",
                        (r, p) -> items(apis.get(p.get("restapi_id")).resources().stream()
                                .map(this::resource)
                                .toList()))
                .add(
                        "GET",
                        RESOURCE,
                        (r, p) -> answer(200, resource(apis.getResource(p.get("restapi_id"), p.get("resource_id")))))
                .add(
                        "POST",
                        API + "/resources/{parent_id}",
                        (r, p) -> answer(
                                201,
                                resource(apis.createResource(
                                        p.get("restapi_id"), p.get("parent_id"), text(body(json, r), "pathPart")))))
                .add("DELETE", RESOURCE, (r, p) -> {
                    apis.deleteResource(p.get("restapi_id"), p.get("resource_id"));
                    return HttpResponse.empty(202);
                })
                .add(
                        "PUT",
                        METHOD,
                        (r, p) -> answer(
                                201,
                                method(
                                        apis.putMethod(
                                                p.get("restapi_id"),
                                                p.get("resource_id"),
                                                p.get("http_method"),
                                                text(body(json, r), "authorizationType")),
                                        p.get("resource_id"))))
                .add(
                        "GET",
                        METHOD,
                        (r, p) -> answer(
                                200,
                                method(
                                        apis.getMethod(p.get("restapi_id"), p.get("resource_id"), p.get("http_method")),
                                        p.get("resource_id"))))
                .add("DELETE", METHOD, (r, p) -> {
                    apis.deleteMethod(p.get("restapi_id"), p.get("resource_id"), p.get("http_method"));
                    return HttpResponse.empty(204);
                })
                .add("PUT", METHOD + "/integration", (r, p) -> {
                    JsonNode body = body(json, r);
                    JsonNode timeout = body.get("timeoutInMillis");
                    if (timeout != null && !timeout.isNull() && !timeout.isInt()) {
                        throw badRequest("Invalid value for timeoutInMillis: expected an integer.");
                    }
                    RestApi.Integration integration = apis.putIntegration(
                            p.get("restapi_id"),
                            p.get("resource_id"),
                            p.get("http_method"),
                            text(body, "type"),
                            text(body, "httpMethod"),
                            text(body, "uri"),
                            timeout == null || timeout.isNull() ? null : timeout.intValue());
                    return answer(201, integration(integration, p.get("resource_id")));
                })
                .add(
                        "GET",
                        METHOD + "/integration",
                        (r, p) -> answer(
                                200,
                                integration(
                                        apis.getIntegration(
                                                p.get("restapi_id"), p.get("resource_id"), p.get("http_method")),
                                        p.get("resource_id"))))
                .add("POST", API + "/deployments", (r, p) -> {
                    JsonNode body = body(json, r);
                    return answer(
                            201,
                            deployment(apis.createDeployment(
                                    p.get("restapi_id"),
                                    text(body, "description"),
                                    text(body, "stageName"),
                                    variables(body))));
                })
                .add(
                        "GET",
                        API + "/deployments",
                        (r, p) -> items(apis.get(p.get("restapi_id")).deployments().stream()
                                .map(this::deployment)
                                .toList()))
                .add("DELETE", API + "/deployments/{deployment_id}", (r, p) -> {
                    apis.deleteDeployment(p.get("restapi_id"), p.get("deployment_id"));
                    return HttpResponse.empty(202);
                })
                .add("POST", API + "/stages", (r, p) -> {
                    JsonNode body = body(json, r);
                    return answer(
                            201,
                            stage(apis.createStage(
                                    p.get("restapi_id"),
                                    text(body, "stageName"),
                                    text(body, "deploymentId"),
                                    text(body, "description"),
                                    variables(body))));
                })
                .add(
                        "GET",
                        API + "/stages",
                        (r, p) -> items(apis.get(p.get("restapi_id")).stages().stream()
                                .map(this::stage)
                                .toList()))
                .add(
                        "GET",
                        STAGE,
                        (r, p) -> answer(200, stage(apis.getStage(p.get("restapi_id"), p.get("stage_name")))))
                .add(
                        "PATCH",
                        STAGE,
                        (r, p) -> answer(
                                200, stage(apis.updateStage(p.get("restapi_id"), p.get("stage_name"), patches(r)))))
                .add("DELETE", STAGE, (r, p) -> {
                    apis.deleteStage(p.get("restapi_id"), p.get("stage_name"));
                    return HttpResponse.empty(202);
                });
    }

    private List<RestApis.Patch> patches(HttpRequest request) {
        JsonNode ops = body(json, request).get("patchOperations");
        List<RestApis.Patch> out = new ArrayList<>();
        if (ops == null || ops.isNull()) {
            return out;
        }
        if (!ops.isArray()) {
            throw badRequest("Invalid value for patchOperations: expected a list.");
        }
        for (JsonNode op : ops) {
            if (!op.isObject()) {
                throw badRequest("Invalid value for patchOperations: expected a list of objects.");
            }
            out.add(new RestApis.Patch(text(op, "op"), text(op, "path"), text(op, "value")));
        }
        return out;
    }

    /** The request's {@code variables} member, {@code null} when it has none. */
    private static Map<String, String> variables(JsonNode body) {
        JsonNode given = body.get("variables");
        if (given == null || given.isNull()) {
            return null;
        }
        if (!given.isObject()) {
            throw badRequest("Invalid value for variables: expected an object.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var field : given.properties()) {
            if (!field.getValue().isTextual()) {
                throw badRequest("Invalid value for variable " + field.getKey() + ": expected a string.");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private ObjectNode restApi(RestApi api) {
        ObjectNode out = json.createObjectNode();
        out.put("id", api.id());
        out.put("name", api.name());
        if (api.description() != null) {
            out.put("description", api.description());
        }
        out.put("createdDate", seconds(api.createdMillis()));
        out.put("apiKeySource", "HEADER");
        out.putObject("endpointConfiguration").putArray("types").add("EDGE");
        out.put("disableExecuteApiEndpoint", false);
        out.put("rootResourceId", api.rootResourceId());
        return out;
    }

    private ObjectNode resource(RestApi.Resource resource) {
        ObjectNode out = json.createObjectNode();
        out.put("id", resource.id());
        if (resource.parentId() != null) {
            out.put("parentId", resource.parentId());
            out.put("pathPart", resource.pathPart());
        }
        out.put("path", resource.path());
        if (!resource.methods().isEmpty()) {
            ObjectNode methods = out.putObject("resourceMethods");
            new TreeMap<>(resource.methods()).forEach((name, m) -> methods.set(name, method(m, resource.id())));
        }
        return out;
    }

    private ObjectNode method(RestApi.Method method, String resourceId) {
        ObjectNode out = json.createObjectNode();
        out.put("httpMethod", method.httpMethod());
        out.put("authorizationType", method.authorizationType());
        out.put("apiKeyRequired", method.apiKeyRequired());
        if (method.integration() != null) {
            out.set("methodIntegration", integration(method.integration(), resourceId));
        }
        return out;
    }

    private ObjectNode integration(RestApi.Integration integration, String resourceId) {
        ObjectNode out = json.createObjectNode();
        out.put("type", integration.type());
        out.put("httpMethod", integration.httpMethod());
        out.put("uri", integration.uri());
        out.put("passthroughBehavior", "WHEN_NO_MATCH");
        out.put("timeoutInMillis", integration.timeoutMillis());
        out.put("cacheNamespace", resourceId);
        out.putArray("cacheKeyParameters");
        return out;
    }

    private ObjectNode deployment(RestApi.Deployment deployment) {
        ObjectNode out = json.createObjectNode();
        out.put("id", deployment.id());
        if (deployment.description() != null) {
            out.put("description", deployment.description());
        }
        out.put("createdDate", seconds(deployment.createdMillis()));
        return out;
    }

    private ObjectNode stage(RestApi.Stage stage) {
        ObjectNode out = json.createObjectNode();
        out.put("deploymentId", stage.deploymentId());
        out.put("stageName", stage.stageName());
        if (stage.description() != null) {
            out.put("description", stage.description());
        }
        if (!stage.variables().isEmpty()) {
            ObjectNode vars = out.putObject("variables");
            new TreeMap<>(stage.variables()).forEach(vars::put);
        }
        out.put("cacheClusterEnabled", false);
        out.put("cacheClusterStatus", "NOT_AVAILABLE");
        out.putObject("methodSettings");
        out.put("tracingEnabled", false);
        out.put("createdDate", seconds(stage.createdMillis()));
        out.put("lastUpdatedDate", seconds(stage.lastUpdatedMillis()));
        return out;
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }

    private HttpResponse items(List<ObjectNode> items) throws IOException {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("item");
        items.forEach(list::add);
        return answer(200, out);
    }

    private HttpResponse answer(int status, ObjectNode body) throws IOException {
        return HttpResponse.json(status, json.writeValueAsBytes(body));
    }

    private static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }
}
