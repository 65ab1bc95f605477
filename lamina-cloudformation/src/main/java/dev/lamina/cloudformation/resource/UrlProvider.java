package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::Lambda::Url} through Lambda's CreateFunctionUrlConfig, UpdateFunctionUrlConfig and
 * DeleteFunctionUrlConfig. Ref is the function's ARN (with the alias or version the URL is for);
 * attributes {@code FunctionArn} and {@code FunctionUrl}, the URL as Lambda hands it out. The auth
 * type, CORS and invoke mode change in place; another function or qualifier needs a new URL.
 */
final class UrlProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROPERTIES =
            Set.of("TargetFunctionArn", "Qualifier", "AuthType", "Cors", "InvokeMode");

    private final ServiceCalls calls;

    UrlProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        JsonNode out = calls.rest("lambda", "POST", path(p), settings(p));
        return made(out);
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        JsonNode before = current.properties();
        ObjectNode p = request.properties();
        if (!Objects.equals(before.get("TargetFunctionArn"), p.get("TargetFunctionArn"))
                || !Objects.equals(before.get("Qualifier"), p.get("Qualifier"))) {
            return null;
        }
        ObjectNode in = settings(p);
        if (!in.has("Cors")) {
            in.putObject("Cors"); // removed CORS settings are emptied
        }
        return made(calls.rest("lambda", "PUT", path(p), in));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        calls.deleteIfPresent("lambda", path(resource.properties()));
    }

    private static Made made(JsonNode out) {
        String arn = out.path("FunctionArn").asText();
        return new Made(
                arn,
                Map.of(
                        "FunctionArn",
                        arn,
                        "FunctionUrl",
                        out.path("FunctionUrl").asText()));
    }

    private static ObjectNode settings(ObjectNode p) {
        ObjectNode in = NODES.objectNode();
        for (String member : new String[] {"AuthType", "Cors", "InvokeMode"}) {
            if (p.has(member)) {
                in.set(member, p.get(member));
            }
        }
        return in;
    }

    private static String path(JsonNode p) {
        String path = "/2021-10-31/functions/"
                + ServiceCalls.encode(p.path("TargetFunctionArn").asText()) + "/url";
        return p.hasNonNull("Qualifier")
                ? path + "?Qualifier=" + ServiceCalls.encode(p.get("Qualifier").asText())
                : path;
    }
}
