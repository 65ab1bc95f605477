package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.layer.LayerPolicy;
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

    /**
     * One statement of a layer version's policy as IAM writes it: {@code *} or an account's root as
     * principal, and an organization as a condition.
     */
    ObjectNode statement(LayerVersion v, LayerPolicy.Statement s) {
        ObjectNode o = json.createObjectNode();
        o.put("Sid", s.sid());
        o.put("Effect", "Allow");
        if (s.principal().equals("*")) {
            o.put("Principal", "*");
        } else {
            String account =
                    s.principal().matches("\\d{12}") ? "arn:aws:iam::" + s.principal() + ":root" : s.principal();
            o.putObject("Principal").put("AWS", account);
        }
        o.put("Action", s.action());
        o.put("Resource", arns.layerVersionArn(v.name(), v.version()));
        if (s.organizationId() != null) {
            o.putObject("Condition").putObject("StringEquals").put("aws:PrincipalOrgID", s.organizationId());
        }
        return o;
    }

    private ObjectNode common(ObjectNode o, LayerVersion v) {
        o.put("LayerVersionArn", arns.layerVersionArn(v.name(), v.version()));
        o.put("Version", v.version());
        o.put("Description", v.description());
        o.put("CreatedDate", v.createdDate());
        // Lambda leaves a compatibility list out when the version was published without one
        if (!v.compatibleRuntimes().isEmpty()) {
            v.compatibleRuntimes().forEach(o.putArray("CompatibleRuntimes")::add);
        }
        if (v.licenseInfo() != null) {
            o.put("LicenseInfo", v.licenseInfo());
        }
        if (!v.compatibleArchitectures().isEmpty()) {
            v.compatibleArchitectures().forEach(o.putArray("CompatibleArchitectures")::add);
        }
        return o;
    }
}
