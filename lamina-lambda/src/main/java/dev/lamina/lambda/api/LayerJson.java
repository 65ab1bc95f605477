package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.layer.LayerVersion;

/** Renders layer versions in the shapes of Lambda's layer API (botocore model 2015-03-31). */
final class LayerJson {
    private final ObjectMapper json;
    private final Arns arns;

    LayerJson(ObjectMapper json, Arns arns) {
        this.json = json;
        this.arns = arns;
    }

    /** {@code PublishLayerVersionResponse} / {@code GetLayerVersionResponse}; {@code location} serves the zip. */
    ObjectNode version(LayerVersion v, String location) {
        ObjectNode o = json.createObjectNode();
        o.putObject("Content")
                .put("Location", location)
                .put("CodeSha256", v.content().sha256Base64())
                .put("CodeSize", v.content().size());
        o.put("LayerArn", arns.layerArn(v.name()));
        common(o, v);
        return o;
    }

    /** {@code LayerVersionsListItem}: what lists show of a version. */
    ObjectNode listItem(LayerVersion v) {
        return common(json.createObjectNode(), v);
    }

    /** {@code LayersListItem}: a layer and its newest version that matched the list's filters. */
    ObjectNode layer(LayerVersion latest) {
        ObjectNode o = json.createObjectNode();
        o.put("LayerName", latest.name());
        o.put("LayerArn", arns.layerArn(latest.name()));
        o.set("LatestMatchingVersion", listItem(latest));
        return o;
    }

    private ObjectNode common(ObjectNode o, LayerVersion v) {
        o.put("LayerVersionArn", arns.layerVersionArn(v.name(), v.version()));
        o.put("Version", v.version());
        o.put("Description", v.description());
        o.put("CreatedDate", v.createdDate());
        var runtimes = o.putArray("CompatibleRuntimes");
        v.compatibleRuntimes().forEach(runtimes::add);
        if (v.licenseInfo() != null) {
            o.put("LicenseInfo", v.licenseInfo());
        }
        var architectures = o.putArray("CompatibleArchitectures");
        v.compatibleArchitectures().forEach(architectures::add);
        return o;
    }
}
