package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::Lambda::Version} through Lambda's PublishVersion and DeleteFunction with the version as
 * qualifier. Ref is the version's ARN; attributes {@code Version} and {@code FunctionArn}. A version
 * never changes: any change publishes a new one (which Lambda answers with the latest version when
 * nothing changed since, as it does for PublishVersion).
 */
final class VersionProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROPERTIES =
            Set.of("FunctionName", "Description", "CodeSha256", "ProvisionedConcurrencyConfig", "RuntimePolicy");

    private final ServiceCalls calls;

    VersionProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        String function = p.path("FunctionName").asText();
        ObjectNode in = NODES.objectNode();
        if (p.has("Description")) {
            in.set("Description", p.get("Description"));
        }
        if (p.has("CodeSha256")) {
            in.set("CodeSha256", p.get("CodeSha256"));
        }
        JsonNode out = calls.rest("lambda", "POST", functionPath(function) + "/versions", in);
        String arn = out.path("FunctionArn").asText();
        String version = out.path("Version").asText();
        provision(calls, function, version, p);
        return new Made(arn, Map.of("Version", version, "FunctionArn", arn.substring(0, arn.lastIndexOf(':'))));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        String arn = resource.physicalId();
        int colon = arn.lastIndexOf(':');
        calls.deleteIfPresent(
                "lambda", functionPath(arn.substring(0, colon)) + "?Qualifier=" + arn.substring(colon + 1));
    }

    /** Sets the provisioned concurrency {@code p} names (if any) on the function's version or alias {@code qualifier}. */
    static void provision(ServiceCalls calls, String function, String qualifier, JsonNode p) throws Exception {
        if (p.has("ProvisionedConcurrencyConfig")) {
            calls.rest(
                    "lambda",
                    "PUT",
                    "/2019-09-30/functions/" + ServiceCalls.encode(function) + "/provisioned-concurrency?Qualifier="
                            + ServiceCalls.encode(qualifier),
                    NODES.objectNode()
                            .set(
                                    "ProvisionedConcurrentExecutions",
                                    p.path("ProvisionedConcurrencyConfig").path("ProvisionedConcurrentExecutions")));
        }
    }

    static String functionPath(String function) {
        return "/2015-03-31/functions/" + ServiceCalls.encode(function);
    }
}
