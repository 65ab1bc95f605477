package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::Lambda::Alias} through Lambda's CreateAlias, UpdateAlias and DeleteAlias. Ref is the
 * alias's ARN, as is attribute {@code AliasArn}. The version it points to, its description and its
 * routing weights change in place; a new name or function needs a new alias. CloudFormation's
 * {@code RoutingConfig.AdditionalVersionWeights} is a list of {@code FunctionVersion}/{@code
 * FunctionWeight} pairs where the API takes a map from version to weight.
 */
final class AliasProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> PROPERTIES = Set.of(
            "FunctionName", "FunctionVersion", "Name", "Description", "RoutingConfig", "ProvisionedConcurrencyConfig");

    private final ServiceCalls calls;

    AliasProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        ObjectNode p = request.properties();
        String function = p.path("FunctionName").asText();
        ObjectNode in = settings(p).put("Name", p.path("Name").asText());
        JsonNode out = calls.rest("lambda", "POST", VersionProvider.functionPath(function) + "/aliases", in);
        String arn = out.path("AliasArn").asText();
        ResourceProvider.finishOrRemove(
                () -> VersionProvider.provision(calls, function, p.path("Name").asText(), p),
                () -> calls.rest(
                        "lambda", "DELETE", path(function, p.path("Name").asText()), null));
        return new Made(arn, Map.of("AliasArn", arn));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        JsonNode before = current.properties();
        ObjectNode p = request.properties();
        if (!Objects.equals(before.get("Name"), p.get("Name"))
                || !Objects.equals(before.get("FunctionName"), p.get("FunctionName"))) {
            return null;
        }
        ObjectNode in = settings(p);
        if (!in.has("RoutingConfig")) {
            in.putObject("RoutingConfig").putObject("AdditionalVersionWeights"); // removed weights are emptied
        }
        if (!in.has("Description")) {
            in.put("Description", "");
        }
        calls.rest(
                "lambda",
                "PUT",
                path(p.path("FunctionName").asText(), p.path("Name").asText()),
                in);
        VersionProvider.provision(
                calls, p.path("FunctionName").asText(), p.path("Name").asText(), p);
        if (before.has("ProvisionedConcurrencyConfig") && !p.has("ProvisionedConcurrencyConfig")) {
            calls.deleteIfPresent( // dropped from the template: its environments go too
                    "lambda",
                    "/2019-09-30/functions/"
                            + ServiceCalls.encode(p.path("FunctionName").asText())
                            + "/provisioned-concurrency?Qualifier="
                            + ServiceCalls.encode(p.path("Name").asText()));
        }
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        JsonNode p = resource.properties();
        calls.deleteIfPresent(
                "lambda", path(p.path("FunctionName").asText(), p.path("Name").asText()));
    }

    /** FunctionVersion, Description and RoutingConfig as CreateAlias and UpdateAlias take them. */
    static ObjectNode settings(ObjectNode p) {
        ObjectNode in = NODES.objectNode();
        in.set("FunctionVersion", p.get("FunctionVersion"));
        if (p.has("Description")) {
            in.set("Description", p.get("Description"));
        }
        JsonNode weights = p.path("RoutingConfig").path("AdditionalVersionWeights");
        if (p.has("RoutingConfig")) {
            ObjectNode map = in.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            weights.forEach(w -> map.set(w.path("FunctionVersion").asText(), w.path("FunctionWeight")));
        }
        return in;
    }

    private static String path(String function, String name) {
        return VersionProvider.functionPath(function) + "/aliases/" + ServiceCalls.encode(name);
    }
}
