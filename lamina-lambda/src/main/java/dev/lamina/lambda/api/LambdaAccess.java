package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a request to Lambda's API asks to do, in Lambda's IAM action names (decision 38): each route
 * is an operation, e.g. {@code POST /2015-03-31/functions/{FunctionName}/invocations} is
 * {@code lambda:InvokeFunction} (so is InvokeWithResponseStream, as on AWS), on the function's ARN
 * (qualified when the request names a qualifier); the lists and CreateFunction act on {@code *}. A
 * refusal is Lambda's 403 {@code AccessDeniedException} in IAM's words. Pure.
 *
 * <p>A route is found by its method, its collection ({@code functions}, {@code layers}…) and the
 * literal segments after it, the parameters as {@code {}}: {@code GET functions/{}/aliases/{}}.
 */
public final class LambdaAccess implements AccessRules {
    private static final Map<String, String> OPERATIONS = Map.ofEntries(
            Map.entry("POST functions", "CreateFunction"),
            Map.entry("GET functions", "ListFunctions"),
            Map.entry("GET functions/{}", "GetFunction"),
            Map.entry("DELETE functions/{}", "DeleteFunction"),
            Map.entry("GET functions/{}/configuration", "GetFunctionConfiguration"),
            Map.entry("PUT functions/{}/configuration", "UpdateFunctionConfiguration"),
            Map.entry("PUT functions/{}/code", "UpdateFunctionCode"),
            Map.entry("POST functions/{}/invocations", "InvokeFunction"),
            Map.entry("POST functions/{}/response-streaming-invocations", "InvokeFunction"),
            Map.entry("GET functions/{}/policy", "GetPolicy"),
            Map.entry("POST functions/{}/policy", "AddPermission"),
            Map.entry("DELETE functions/{}/policy/{}", "RemovePermission"),
            Map.entry("POST functions/{}/versions", "PublishVersion"),
            Map.entry("GET functions/{}/versions", "ListVersionsByFunction"),
            Map.entry("POST functions/{}/aliases", "CreateAlias"),
            Map.entry("GET functions/{}/aliases", "ListAliases"),
            Map.entry("GET functions/{}/aliases/{}", "GetAlias"),
            Map.entry("PUT functions/{}/aliases/{}", "UpdateAlias"),
            Map.entry("DELETE functions/{}/aliases/{}", "DeleteAlias"),
            Map.entry("PUT functions/{}/concurrency", "PutFunctionConcurrency"),
            Map.entry("GET functions/{}/concurrency", "GetFunctionConcurrency"),
            Map.entry("DELETE functions/{}/concurrency", "DeleteFunctionConcurrency"),
            Map.entry("PUT functions/{}/provisioned-concurrency", "PutProvisionedConcurrencyConfig"),
            Map.entry("GET functions/{}/provisioned-concurrency", "GetProvisionedConcurrencyConfig"),
            Map.entry("DELETE functions/{}/provisioned-concurrency", "DeleteProvisionedConcurrencyConfig"),
            Map.entry("PUT functions/{}/event-invoke-config", "PutFunctionEventInvokeConfig"),
            Map.entry("POST functions/{}/event-invoke-config", "UpdateFunctionEventInvokeConfig"),
            Map.entry("GET functions/{}/event-invoke-config", "GetFunctionEventInvokeConfig"),
            Map.entry("DELETE functions/{}/event-invoke-config", "DeleteFunctionEventInvokeConfig"),
            Map.entry("GET functions/{}/event-invoke-config/list", "ListFunctionEventInvokeConfigs"),
            Map.entry("POST functions/{}/url", "CreateFunctionUrlConfig"),
            Map.entry("GET functions/{}/url", "GetFunctionUrlConfig"),
            Map.entry("PUT functions/{}/url", "UpdateFunctionUrlConfig"),
            Map.entry("DELETE functions/{}/url", "DeleteFunctionUrlConfig"),
            Map.entry("GET functions/{}/urls", "ListFunctionUrlConfigs"),
            Map.entry("GET account-settings", "GetAccountSettings"),
            Map.entry("POST event-source-mappings", "CreateEventSourceMapping"),
            Map.entry("GET event-source-mappings", "ListEventSourceMappings"),
            Map.entry("GET event-source-mappings/{}", "GetEventSourceMapping"),
            Map.entry("PUT event-source-mappings/{}", "UpdateEventSourceMapping"),
            Map.entry("DELETE event-source-mappings/{}", "DeleteEventSourceMapping"),
            Map.entry("GET layers", "ListLayers"),
            Map.entry("POST layers/{}/versions", "PublishLayerVersion"),
            Map.entry("GET layers/{}/versions", "ListLayerVersions"),
            Map.entry("GET layers/{}/versions/{}", "GetLayerVersion"),
            Map.entry("DELETE layers/{}/versions/{}", "DeleteLayerVersion"),
            Map.entry("POST layers/{}/versions/{}/policy", "AddLayerVersionPermission"),
            Map.entry("GET layers/{}/versions/{}/policy", "GetLayerVersionPolicy"),
            Map.entry("DELETE layers/{}/versions/{}/policy/{}", "RemoveLayerVersionPermission"),
            Map.entry("POST tags/{}", "TagResource"),
            Map.entry("DELETE tags/{}", "UntagResource"),
            Map.entry("GET tags/{}", "ListTags"));

    private final String region;
    private final String account;

    public LambdaAccess(String region, String account) {
        this.region = region;
        this.account = account;
    }

    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        String operation = OPERATIONS.get(request.method() + " " + shape(request.rawPath()));
        return new Access("lambda:" + (operation == null ? "*" : operation), resource(request, params));
    }

    /** The path after its version, each parameter as {@code {}}: {@code functions/{}/aliases/{}}. */
    static String shape(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        StringBuilder shape = new StringBuilder();
        for (int i = 1; i < segments.size(); i++) {
            // after the collection, parameters and literals alternate: name, literal, name (or "list")
            boolean parameter = i % 2 == 0 && !(i == 4 && segments.get(i).equals("list"));
            shape.append(i == 1 ? "" : "/").append(parameter ? "{}" : segments.get(i));
        }
        return shape.toString();
    }

    private String resource(HttpRequest request, Map<String, String> params) {
        String prefix = "arn:aws:lambda:" + region + ":" + account + ":";
        String function = params.get("FunctionName");
        if (function != null) {
            if (function.startsWith("arn:")) {
                return function;
            }
            String qualifier = request.queryParam("Qualifier");
            return prefix + "function:" + function
                    + (qualifier == null || function.contains(":") ? "" : ":" + qualifier);
        }
        if (params.containsKey("UUID")) {
            return prefix + "event-source-mapping:" + params.get("UUID");
        }
        if (params.containsKey("LayerName")) {
            String layer = params.get("LayerName").startsWith("arn:")
                    ? params.get("LayerName")
                    : prefix + "layer:" + params.get("LayerName");
            return params.containsKey("VersionNumber") ? layer + ":" + params.get("VersionNumber") : layer;
        }
        return params.getOrDefault("ARN", "*");
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        return Access.ofOperation("lambda", operation);
    }
}
