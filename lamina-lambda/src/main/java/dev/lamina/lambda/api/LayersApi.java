package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.layer.LayerPolicies;
import dev.lamina.lambda.layer.LayerPolicy;
import dev.lamina.lambda.layer.LayerVersion;
import dev.lamina.lambda.layer.Layers;
import dev.lamina.spi.s3.ObjectSource;
import java.io.IOException;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lambda's layer operations (2018-10-31): PublishLayerVersion, GetLayerVersion,
 * GetLayerVersionByArn, ListLayers, ListLayerVersions and DeleteLayerVersion. Each handler parses the
 * request, calls one {@link Layers} operation and renders the answer.
 */
public final class LayersApi {
    /** Lambda's largest page of layers or versions (the model's MaxItems maximum). */
    private static final int MAX_PAGE = 50;

    private final Layers layers;
    private final ObjectMapper json;
    private final LayerJson render;
    private final CodeLinks codeLinks;

    /** @param codeLinks makes the {@code Content.Location} links */
    private final Supplier<ObjectSource> objects;

    private final LayerPolicies policies;

    public LayersApi(
            Layers layers,
            LayerPolicies policies,
            ObjectMapper json,
            CodeLinks codeLinks,
            Supplier<ObjectSource> objects) {
        this.policies = policies;
        this.objects = objects;
        this.layers = layers;
        this.json = json;
        this.render = new LayerJson(json, layers.arns());
        this.codeLinks = codeLinks;
    }

    public Router router() {
        return new Router()
                .add("POST", "/2018-10-31/layers/{LayerName}/versions", (r, p) -> publish(r, p.get("LayerName")))
                .add("GET", "/2018-10-31/layers/{LayerName}/versions", (r, p) -> listVersions(r, p.get("LayerName")))
                .add(
                        "GET",
                        "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}",
                        (r, p) -> get(r, p.get("LayerName"), p.get("VersionNumber")))
                .add(
                        "DELETE",
                        "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}",
                        (r, p) -> delete(p.get("LayerName"), p.get("VersionNumber")))
                .add("GET", "/2018-10-31/layers", (r, p) -> listOrFind(r))
                .add("POST", POLICY, (r, p) -> addPermission(r, p.get("LayerName"), p.get("VersionNumber")))
                .add("GET", POLICY, (r, p) -> policy(p.get("LayerName"), p.get("VersionNumber")))
                .add(
                        "DELETE",
                        POLICY + "/{StatementId}",
                        (r, p) ->
                                removePermission(r, p.get("LayerName"), p.get("VersionNumber"), p.get("StatementId")));
    }

    private static final String POLICY = "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy";

    private HttpResponse addPermission(HttpRequest request, String layerName, String versionNumber) throws IOException {
        RequestBody body = RequestBody.parse(json, request.body());
        LayerPolicies.Added added = policies.add(
                layerName,
                versionNumber(versionNumber),
                new LayerPolicy.Statement(
                        body.string("StatementId"),
                        body.string("Action"),
                        body.string("Principal"),
                        body.string("OrganizationId")),
                request.queryParam("RevisionId"));
        ObjectNode out = json.createObjectNode();
        out.put("Statement", json.writeValueAsString(render.statement(added.layer(), added.statement())));
        out.put("RevisionId", added.revisionId());
        return HttpResponse.json(201, json.writeValueAsBytes(out));
    }

    private HttpResponse policy(String layerName, String versionNumber) throws IOException {
        LayerPolicies.Policy found = policies.policy(layerName, versionNumber(versionNumber));
        ObjectNode policy = json.createObjectNode();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "default");
        ArrayNode statements = policy.putArray("Statement");
        found.policy().statements().forEach(s -> statements.add(render.statement(found.layer(), s)));
        ObjectNode out = json.createObjectNode();
        out.put("Policy", json.writeValueAsString(policy));
        out.put("RevisionId", found.policy().revisionId());
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private HttpResponse removePermission(HttpRequest request, String layerName, String versionNumber, String sid) {
        policies.remove(layerName, versionNumber(versionNumber), sid, request.queryParam("RevisionId"));
        return HttpResponse.empty(204);
    }

    private HttpResponse publish(HttpRequest request, String layerName) throws IOException {
        RequestBody body = RequestBody.parse(json, request.body());
        RequestBody content = body.object("Content");
        if (content == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'content' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        LayerVersion published = layers.publish(
                layerName,
                CreateRequestRules.zip(content, objects.get()),
                body.string("Description"),
                body.stringList("CompatibleRuntimes"),
                body.stringList("CompatibleArchitectures"),
                body.string("LicenseInfo"));
        return HttpResponse.json(201, json.writeValueAsBytes(render.version(published, location(request, published))));
    }

    private HttpResponse get(HttpRequest request, String layerName, String versionNumber) throws IOException {
        LayerVersion version = layers.get(layerName, versionNumber(versionNumber));
        return HttpResponse.json(200, json.writeValueAsBytes(render.version(version, location(request, version))));
    }

    private HttpResponse delete(String layerName, String versionNumber) {
        layers.delete(layerName, versionNumber(versionNumber));
        return HttpResponse.empty(204);
    }

    /** {@code GET /2018-10-31/layers}: GetLayerVersionByArn with {@code find=LayerVersion}, else ListLayers. */
    private HttpResponse listOrFind(HttpRequest request) throws IOException {
        if ("LayerVersion".equals(request.queryParam("find"))) {
            LayerVersion version = layers.getByArn(request.queryParam("Arn"));
            return HttpResponse.json(200, json.writeValueAsBytes(render.version(version, location(request, version))));
        }
        int max = Markers.maxItems(request, MAX_PAGE);
        List<LayerVersion> latest = layers.latestMatching(
                request.queryParam("CompatibleRuntime"), request.queryParam("CompatibleArchitecture"));
        return page(
                request,
                latest,
                max,
                "Layers",
                render::layer,
                LayerVersion::name,
                (v, key) -> v.name().compareTo(key) > 0);
    }

    private HttpResponse listVersions(HttpRequest request, String layerName) throws IOException {
        int max = Markers.maxItems(request, MAX_PAGE);
        List<LayerVersion> versions = layers.versions(
                layerName, request.queryParam("CompatibleRuntime"), request.queryParam("CompatibleArchitecture"));
        return page(
                request,
                versions,
                max,
                "LayerVersions",
                render::listItem,
                v -> Long.toString(v.version()),
                (v, key) -> v.version() < markerVersion(key));
    }

    /**
     * One page of {@code items} (already in list order) after the request's {@code Marker}: the
     * marker is the last shown item's key, and {@code after} tells which items follow it (so an item
     * deleted between pages does not break the listing).
     */
    private HttpResponse page(
            HttpRequest request,
            List<LayerVersion> items,
            int max,
            String member,
            Function<LayerVersion, ObjectNode> item,
            Function<LayerVersion, String> key,
            BiPredicate<LayerVersion, String> after)
            throws IOException {
        String marker = request.queryParam("Marker");
        int start = 0;
        if (marker != null && !marker.isEmpty()) {
            String last = Markers.decode(marker);
            start = items.size();
            for (int i = 0; i < items.size(); i++) {
                if (after.test(items.get(i), last)) {
                    start = i;
                    break;
                }
            }
        }
        int end = Math.min(items.size(), start + max);
        ObjectNode out = json.createObjectNode();
        if (end < items.size()) {
            out.put("NextMarker", Markers.encode(key.apply(items.get(end - 1))));
        }
        ArrayNode list = out.putArray(member);
        items.subList(start, end).forEach(v -> list.add(item.apply(v)));
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private String location(HttpRequest request, LayerVersion version) {
        return codeLinks.location(request, version.content().sha256Hex());
    }

    private static long markerVersion(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw LambdaErrors.invalidParameter("Invalid marker: " + key);
        }
    }

    private static long versionNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw AwsException.validation("1 validation error detected: Value '" + text
                    + "' at 'versionNumber' failed to satisfy constraint: Member must be a number");
        }
    }
}
