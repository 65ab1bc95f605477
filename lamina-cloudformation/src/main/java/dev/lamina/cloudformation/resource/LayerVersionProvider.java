package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Lambda::LayerVersion} through Lambda's PublishLayerVersion and DeleteLayerVersion. Ref
 * is the layer version's ARN, as is attribute {@code LayerVersionArn}. A layer version never changes:
 * any change publishes a new one. Without a {@code LayerName}, the layer is named as CloudFormation
 * names what a template does not.
 */
final class LayerVersionProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROPERTIES = Set.of(
            "LayerName", "Content", "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo");

    private final ServiceCalls calls;

    LayerVersionProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        String name = calls.name(request, "LayerName", 140, false);
        ObjectNode in = NODES.objectNode();
        for (String member :
                new String[] {"Content", "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo"
                }) {
            if (p.has(member)) {
                in.set(member, p.get(member));
            }
        }
        JsonNode out =
                calls.rest("lambda", "POST", "/2018-10-31/layers/" + ServiceCalls.encode(name) + "/versions", in);
        String arn = out.path("LayerVersionArn").asText();
        return new Made(arn, Map.of("LayerVersionArn", arn));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        String arn = resource.physicalId(); // arn:aws:lambda:<region>:<account>:layer:<name>:<version>
        int colon = arn.lastIndexOf(':');
        String name = arn.substring(arn.lastIndexOf(':', colon - 1) + 1, colon);
        calls.deleteIfPresent(
                "lambda", "/2018-10-31/layers/" + ServiceCalls.encode(name) + "/versions/" + arn.substring(colon + 1));
    }
}
