package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.function.AliasConfig;
import dev.lamina.lambda.function.Aliases;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Versions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PublishVersion, ListVersionsByFunction and the alias operations. */
public final class VersionsApi {
    private static final int PAGE = 50;
    private static final String FUNCTION = "/2015-03-31/functions/{FunctionName}";

    private final FunctionRegistry registry;
    private final Versions versions;
    private final Aliases aliases;
    private final Arns arns;
    private final ObjectMapper json;
    private final FunctionJson render;

    public VersionsApi(FunctionRegistry registry, Versions versions, Aliases aliases, ObjectMapper json) {
        this.registry = registry;
        this.versions = versions;
        this.aliases = aliases;
        this.arns = registry.arns();
        this.json = json;
        this.render = new FunctionJson(json, arns);
    }

    public Router router() {
        return new Router()
                .add("POST", FUNCTION + "/versions", (r, p) -> publish(r, p.get("FunctionName")))
                .add("GET", FUNCTION + "/versions", (r, p) -> listVersions(r, p.get("FunctionName")))
                .add("POST", FUNCTION + "/aliases", (r, p) -> createAlias(r, p.get("FunctionName")))
                .add("GET", FUNCTION + "/aliases", (r, p) -> listAliases(r, p.get("FunctionName")))
                .add("GET", FUNCTION + "/aliases/{Name}", (r, p) -> getAlias(p.get("FunctionName"), p.get("Name")))
                .add(
                        "PUT",
                        FUNCTION + "/aliases/{Name}",
                        (r, p) -> updateAlias(r, p.get("FunctionName"), p.get("Name")))
                .add(
                        "DELETE",
                        FUNCTION + "/aliases/{Name}",
                        (r, p) -> deleteAlias(p.get("FunctionName"), p.get("Name")));
    }

    private HttpResponse publish(HttpRequest request, String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        FunctionConfig version = versions.publish(
                name, body.string("CodeSha256"), body.string("Description"), body.string("RevisionId"));
        return HttpResponse.json(201, json.writeValueAsBytes(render.configuration(version, false, version.version())));
    }

    private HttpResponse listVersions(HttpRequest request, String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        Markers.Page<FunctionConfig> page =
                Markers.page(registry.versions(name), VersionsApi::versionKey, request, PAGE);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Versions");
        page.items().forEach(v -> items.add(render.configuration(v, true, v.version())));
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse createAlias(HttpRequest request, String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        AliasConfig alias = aliases.create(
                name, body.string("Name"), body.string("FunctionVersion"), body.string("Description"), weights(body));
        return HttpResponse.json(201, json.writeValueAsBytes(alias(alias)));
    }

    private HttpResponse getAlias(String functionName, String alias) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        return HttpResponse.json(200, json.writeValueAsBytes(alias(registry.alias(name, alias))));
    }

    private HttpResponse updateAlias(HttpRequest request, String functionName, String alias) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        RequestBody body = RequestBody.parse(json, request.body());
        AliasConfig updated = aliases.update(
                name,
                alias,
                body.string("FunctionVersion"),
                body.string("Description"),
                weights(body),
                body.string("RevisionId"));
        return HttpResponse.json(200, json.writeValueAsBytes(alias(updated)));
    }

    private HttpResponse deleteAlias(String functionName, String alias) {
        aliases.delete(LambdaApi.unqualified(arns, functionName), alias);
        return HttpResponse.empty(204);
    }

    private HttpResponse listAliases(HttpRequest request, String functionName) throws IOException {
        String name = LambdaApi.unqualified(arns, functionName);
        List<AliasConfig> all = registry.aliases(name, request.queryParam("FunctionVersion"));
        Markers.Page<AliasConfig> page = Markers.page(all, AliasConfig::name, request, PAGE);
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("Aliases");
        page.items().forEach(a -> items.add(alias(a)));
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    /** {@code RoutingConfig.AdditionalVersionWeights}; {@code null} when RoutingConfig is absent. */
    private static Map<String, Double> weights(RequestBody body) {
        RequestBody routing = body.object("RoutingConfig");
        if (routing == null) {
            return null;
        }
        RequestBody weights = routing.object("AdditionalVersionWeights");
        if (weights == null) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String version : weights.names()) {
            out.put(version, weights.number(version));
        }
        return out;
    }

    private ObjectNode alias(AliasConfig a) {
        ObjectNode o = json.createObjectNode();
        o.put("AliasArn", arns.functionArn(a.function(), a.name()));
        o.put("Name", a.name());
        o.put("FunctionVersion", a.functionVersion());
        o.put("Description", a.description());
        if (a.additionalVersion() != null) {
            o.putObject("RoutingConfig")
                    .putObject("AdditionalVersionWeights")
                    .put(a.additionalVersion(), a.additionalWeight());
        }
        o.put("RevisionId", a.revisionId());
        return o;
    }

    private static String versionKey(FunctionConfig c) {
        String v = c.version().equals(FunctionRegistry.LATEST) ? "" : c.version();
        return "0".repeat(Math.max(0, 10 - v.length())) + v;
    }
}
