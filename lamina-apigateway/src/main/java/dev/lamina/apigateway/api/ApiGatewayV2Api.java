package dev.lamina.apigateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.execute.ExecuteApiEndpoint;
import dev.lamina.apigateway.http.ApiRoutes;
import dev.lamina.apigateway.http.ApiTags;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.apigateway.http.Stages;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * API Gateway's v2 API (2018-11-29, rest-json, signed for {@code apigateway}) for HTTP APIs. Each route
 * parses its request, calls one operation of {@link Apis} (or {@link ApiRoutes}, {@link Stages}) and renders the answer in the model's
 * lower-camel member names; errors are {@code {"message": …}} with the code in
 * {@code x-amzn-ErrorType}, as API Gateway's are.
 */
public final class ApiGatewayV2Api {
    private final Apis apis;
    private final PublicUrls urls;
    private final ObjectMapper json;
    private final ApiParts parts;
    private final ApiTags tags;

    public ApiGatewayV2Api(Apis apis, ApiRoutes routes, Stages stages, PublicUrls urls, ObjectMapper json) {
        this.apis = apis;
        this.urls = urls;
        this.json = json;
        this.parts = new ApiParts(apis, routes, stages, json);
        this.tags = new ApiTags(apis);
    }

    /** The v2 API's routes, under {@code /v2}. */
    public Router router() {
        return new Router()
                .add("POST", "/v2/apis", (r, p) -> created(api(apis.create(createRequest(r)), r)))
                .add("GET", "/v2/apis/{apiId}", (r, p) -> ok(api(apis.get(p.get("apiId")), r)))
                .add("GET", "/v2/apis", (r, p) -> list(json, r, apis.list(), a -> api(a, r)))
                .add("PATCH", "/v2/apis/{apiId}", (r, p) -> ok(api(apis.update(p.get("apiId"), updateRequest(r)), r)))
                .add("DELETE", "/v2/apis/{apiId}", (r, p) -> {
                    apis.delete(p.get("apiId"));
                    return HttpResponse.empty(204);
                })
                .add("DELETE", "/v2/apis/{apiId}/cors", (r, p) -> {
                    apis.deleteCors(p.get("apiId"));
                    return HttpResponse.empty(204);
                })
                .add("GET", "/v2/tags/{resourceArn+}", (r, p) -> {
                    ObjectNode out = json.createObjectNode();
                    putTags(out, tags.tags(p.get("resourceArn")));
                    return ok(out);
                })
                .add("POST", "/v2/tags/{resourceArn+}", (r, p) -> {
                    tags.tag(p.get("resourceArn"), tags(body(json, r).get("tags")));
                    return created(json.createObjectNode());
                })
                .add("DELETE", "/v2/tags/{resourceArn+}", (r, p) -> {
                    List<String> keys = r.query().get("tagKeys");
                    if (keys == null) {
                        throw new AwsException(400, "BadRequestException", "TagKeys is required.");
                    }
                    tags.untag(p.get("resourceArn"), keys);
                    return HttpResponse.empty(204);
                })
                .addAll(parts.router());
    }

    private Apis.Create createRequest(HttpRequest request) {
        JsonNode body = body(json, request);
        return new Apis.Create(
                text(body, "name"),
                text(body, "protocolType"),
                text(body, "description"),
                text(body, "target"),
                text(body, "routeKey"),
                cors(body.get("corsConfiguration")),
                tags(body.get("tags")));
    }

    private Apis.Update updateRequest(HttpRequest request) {
        JsonNode body = body(json, request);
        return new Apis.Update(text(body, "name"), text(body, "description"), cors(body.get("corsConfiguration")));
    }

    /** A tags member (a map of strings), or {@code null} when the request has none. */
    private static Map<String, String> tags(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new AwsException(400, "BadRequestException", "Invalid value for tags: expected a map of strings.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw new AwsException(
                        400, "BadRequestException", "Invalid value for tag " + field.getKey() + ": expected a string.");
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private static void putTags(ObjectNode out, Map<String, String> tags) {
        ObjectNode node = out.putObject("tags");
        new TreeMap<>(tags).forEach(node::put);
    }

    /** A corsConfiguration member, or {@code null} when the request has none. */
    private static HttpApi.Cors cors(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new AwsException(
                    400, "BadRequestException", "Invalid value for corsConfiguration: expected an object.");
        }
        JsonNode maxAge = node.get("maxAge");
        if (maxAge != null && !maxAge.isNull() && !maxAge.isInt()) {
            throw new AwsException(400, "BadRequestException", "Invalid value for maxAge: expected an integer.");
        }
        JsonNode credentials = node.get("allowCredentials");
        if (credentials != null && !credentials.isNull() && !credentials.isBoolean()) {
            throw new AwsException(
                    400, "BadRequestException", "Invalid value for allowCredentials: expected a boolean.");
        }
        return new HttpApi.Cors(
                strings(node, "allowOrigins"),
                strings(node, "allowMethods"),
                strings(node, "allowHeaders"),
                strings(node, "exposeHeaders"),
                maxAge == null || maxAge.isNull() ? null : maxAge.intValue(),
                credentials != null && credentials.asBoolean());
    }

    static List<String> strings(JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw notStrings(field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw notStrings(field);
            }
            out.add(item.asText());
        }
        return out;
    }

    private static AwsException notStrings(String field) {
        return new AwsException(
                400, "BadRequestException", "Invalid value for " + field + ": expected a list of strings.");
    }

    private void putCors(ObjectNode out, HttpApi.Cors cors) {
        ObjectNode node = out.putObject("corsConfiguration");
        node.put("allowCredentials", cors.allowCredentials());
        putList(node, "allowHeaders", cors.allowHeaders());
        putList(node, "allowMethods", cors.allowMethods());
        putList(node, "allowOrigins", cors.allowOrigins());
        putList(node, "exposeHeaders", cors.exposeHeaders());
        if (cors.maxAge() != null) {
            node.put("maxAge", cors.maxAge());
        }
    }

    private static void putList(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(node.putArray(field)::add);
        }
    }

    private ObjectNode api(HttpApi api, HttpRequest request) {
        ObjectNode out = json.createObjectNode();
        out.put("apiEndpoint", endpoint(api.apiId(), request));
        out.put("apiId", api.apiId());
        out.put("apiKeySelectionExpression", "$request.header.x-api-key");
        if (api.cors() != null) {
            putCors(out, api.cors());
        }
        out.put("createdDate", Instant.ofEpochMilli(api.createdMillis()).toString());
        if (api.description() != null) {
            out.put("description", api.description());
        }
        out.put("disableExecuteApiEndpoint", false);
        out.put("name", api.name());
        out.put("protocolType", "HTTP");
        out.put("routeSelectionExpression", "$request.method $request.path");
        putTags(out, api.tags());
        return out;
    }

    /** The API's URL as the caller can reach it, without the trailing slash, as AWS writes it. */
    private String endpoint(String apiId, HttpRequest request) {
        String url = urls.url(ExecuteApiEndpoint.ENDPOINT, apiId, request.header("host"));
        return url.substring(0, url.length() - 1);
    }

    public static JsonNode body(ObjectMapper json, HttpRequest request) {
        try {
            JsonNode node = request.body().length == 0 ? json.createObjectNode() : json.readTree(request.body());
            if (!node.isObject()) {
                throw new AwsException(400, "BadRequestException", "The request body is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new AwsException(400, "BadRequestException", "The request body is not valid JSON.");
        }
    }

    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new AwsException(400, "BadRequestException", "Invalid value for " + field + ": expected a string.");
        }
        return value.asText();
    }

    private HttpResponse ok(ObjectNode body) throws IOException {
        return HttpResponse.json(200, json.writeValueAsBytes(body));
    }

    private HttpResponse created(ObjectNode body) throws IOException {
        return HttpResponse.json(201, json.writeValueAsBytes(body));
    }

    /**
     * A Get… list's answer: the page of {@code all} the request's {@code maxResults} and
     * {@code nextToken} ask for (see {@link Page}) as {@code items}, and the next page's token.
     */
    static <T> HttpResponse list(ObjectMapper json, HttpRequest request, List<T> all, Function<T, JsonNode> render)
            throws IOException {
        Page<T> page = Page.of(all, request.queryParam("maxResults"), request.queryParam("nextToken"));
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("items");
        page.items().forEach(item -> items.add(render.apply(item)));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return ok(json, 200, out);
    }

    static HttpResponse ok(ObjectMapper json, int status, ObjectNode body) throws IOException {
        return HttpResponse.json(status, json.writeValueAsBytes(body));
    }
}
