package dev.lamina.lambda.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.Router;
import dev.lamina.lambda.LambdaErrors;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.function.Functions;
import dev.lamina.lambda.validation.LambdaMembers;
import dev.lamina.lambda.validation.Violations;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TagResource, UntagResource and ListTags on functions, addressed by their unqualified ARN. */
public final class TagsApi {
    private static final String PATH = "/2017-03-31/tags/{ARN}";
    static final int MAX_TAGS = 50;

    private final FunctionRegistry registry;
    private final Functions functions;
    private final Pattern functionArn;
    private final Pattern qualifiedArn;
    private final ObjectMapper json;

    public TagsApi(FunctionRegistry registry, Functions functions, ObjectMapper json) {
        this.registry = registry;
        this.functions = functions;
        this.json = json;
        Arns arns = registry.arns();
        this.functionArn = Pattern.compile("arn:aws:lambda:" + Pattern.quote(arns.region()) + ":"
                + Pattern.quote(arns.account()) + ":function:([a-zA-Z0-9_-]{1,64})");
        this.qualifiedArn = Pattern.compile(functionArn.pattern() + ":[a-zA-Z0-9$_-]+");
    }

    public Router router() {
        return new Router()
                .add("POST", PATH, (r, p) -> tag(r, p.get("ARN")))
                .add("DELETE", PATH, (r, p) -> untag(r, p.get("ARN")))
                .add("GET", PATH, (r, p) -> list(p.get("ARN")));
    }

    private HttpResponse tag(HttpRequest request, String arn) throws IOException {
        FunctionConfig function = function(arn);
        Map<String, String> tags = RequestBody.parse(json, request.body()).stringMap("Tags");
        if (tags == null || tags.isEmpty()) {
            throw LambdaErrors.invalidParameter("An error occurred and the request cannot be processed.");
        }
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (e.getKey().isEmpty()
                    || e.getKey().length() > 128
                    || e.getValue().length() > 256) {
                throw LambdaErrors.invalidParameter(
                        "Tag keys must be 1 to 128 characters and values at most 256: " + e.getKey());
            }
            if (e.getKey().startsWith("aws:")) {
                throw LambdaErrors.invalidParameter(
                        "Tag keys must not start with the reserved prefix aws: " + e.getKey());
            }
        }
        functions.tag(function.name(), current -> {
            Map<String, String> next = new LinkedHashMap<>(current);
            next.putAll(tags);
            if (next.size() > MAX_TAGS) {
                throw LambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
            }
            return next;
        });
        return HttpResponse.empty(204);
    }

    private HttpResponse untag(HttpRequest request, String arn) {
        FunctionConfig function = function(arn);
        List<String> keys = request.query().getOrDefault("tagKeys", List.of());
        if (keys.isEmpty()) {
            new Violations().require(LambdaMembers.TAG_KEYS, null).throwIfAny();
        }
        functions.tag(function.name(), current -> {
            Map<String, String> next = new LinkedHashMap<>(current);
            keys.forEach(next::remove);
            return next;
        });
        return HttpResponse.empty(204);
    }

    private HttpResponse list(String arn) throws IOException {
        ObjectNode out = json.createObjectNode();
        ObjectNode tags = out.putObject("Tags");
        function(arn).tags().forEach(tags::put);
        return HttpResponse.json(200, json.writeValueAsBytes(out));
    }

    private FunctionConfig function(String arn) {
        Matcher m = functionArn.matcher(arn);
        if (m.matches()) {
            return registry.get(m.group(1));
        }
        if (qualifiedArn.matcher(arn).matches()) {
            throw LambdaErrors.invalidParameter(
                    "Tags on function aliases and versions are not supported. Please" + " specify a function ARN.");
        }
        new Violations().check(LambdaMembers.TAG_RESOURCE, arn).throwIfAny();
        // well-formed, but a resource (another region or account, a layer, a mapping) this node does not keep
        throw AwsException.notFound("Function not found: " + arn);
    }
}
