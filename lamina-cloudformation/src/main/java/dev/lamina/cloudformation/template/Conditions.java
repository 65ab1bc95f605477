package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A template's {@code Conditions} decided for one set of parameter values: the resources and outputs
 * whose {@code Condition} is false are left out, each {@code Fn::If} becomes the branch its condition
 * picks ({@code AWS::NoValue} leaving its member out), and the section itself goes. Conditions may use
 * {@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Not}, {@code Condition}, and refer to
 * parameters and pseudo parameters only, as on AWS. Example: with {@code IsProd: !Equals [!Ref Stage,
 * prod]} and {@code Stage=dev}, a resource with {@code Condition: IsProd} is not made, and
 * {@code !If [IsProd, 512, 128]} is {@code 128}. Pure over its scope.
 */
public final class Conditions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Conditions() {}

    /** {@code doc} with its conditions applied; throws {@code ValidationError} for an unknown or circular one. */
    public static ObjectNode apply(ObjectNode doc, Intrinsics.Scope scope) {
        JsonNode declared = doc.path("Conditions");
        Map<String, Boolean> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            decide(e.getKey(), declared, scope, values, new HashSet<>());
        }
        ObjectNode out = doc.deepCopy();
        out.remove("Conditions");
        for (String section : new String[] {"Resources", "Outputs"}) {
            JsonNode members = out.path(section);
            if (!members.isObject()) {
                continue;
            }
            ObjectNode kept = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : members.properties()) {
                JsonNode condition = e.getValue().path("Condition");
                if (condition.isTextual() && !known(condition.asText(), values)) {
                    continue;
                }
                JsonNode chosen = choose(e.getValue(), values);
                if (chosen instanceof ObjectNode member) {
                    member.remove("Condition");
                }
                kept.set(e.getKey(), chosen);
            }
            out.set(section, kept);
        }
        return out;
    }

    private static boolean known(String name, Map<String, Boolean> values) {
        Boolean value = values.get(name);
        if (value == null) {
            throw TemplateErrors.format("Unresolved dependencies [" + name + "]. Cannot reference resources in the"
                    + " Conditions block of the template");
        }
        return value;
    }

    private static boolean decide(
            String name, JsonNode declared, Intrinsics.Scope scope, Map<String, Boolean> values, Set<String> path) {
        Boolean done = values.get(name);
        if (done != null) {
            return done;
        }
        if (!declared.has(name)) {
            throw TemplateErrors.format("Unresolved dependencies [" + name + "]. Cannot reference resources in the"
                    + " Conditions block of the template");
        }
        if (!path.add(name)) {
            throw TemplateErrors.format("Circular dependency between conditions: " + path);
        }
        boolean value = evaluate(declared.get(name), declared, scope, values, path);
        values.put(name, value);
        return value;
    }

    private static boolean evaluate(
            JsonNode c, JsonNode declared, Intrinsics.Scope scope, Map<String, Boolean> values, Set<String> path) {
        if (c.isObject() && c.size() == 1) {
            String fn = c.properties().iterator().next().getKey();
            JsonNode args = c.get(fn);
            switch (fn) {
                case "Condition" -> {
                    return decide(args.asText(), declared, scope, values, path);
                }
                case "Fn::Equals" -> {
                    return Intrinsics.resolve(args.path(0), scope)
                            .asText()
                            .equals(Intrinsics.resolve(args.path(1), scope).asText());
                }
                case "Fn::Not" -> {
                    return !evaluate(args.path(0), declared, scope, values, path);
                }
                case "Fn::And", "Fn::Or" -> {
                    boolean and = fn.equals("Fn::And");
                    for (JsonNode arg : args) {
                        if (evaluate(arg, declared, scope, values, path) != and) {
                            return !and;
                        }
                    }
                    return and;
                }
                default -> {}
            }
        }
        throw TemplateErrors.format("Template error: a condition is one of Fn::Equals, Fn::And, Fn::Or, Fn::Not or"
                + " Condition, not " + c);
    }

    /** {@code value} with every {@code Fn::If} replaced by its chosen branch. */
    private static JsonNode choose(JsonNode value, Map<String, Boolean> values) {
        if (value.isObject()) {
            JsonNode ifs = value.size() == 1 ? value.get("Fn::If") : null;
            if (ifs != null) {
                if (!ifs.isArray() || ifs.size() != 3) {
                    throw TemplateErrors.format("Template error: Fn::If requires a list of three elements");
                }
                return choose(ifs.get(known(ifs.get(0).asText(), values) ? 1 : 2), values);
            }
            ObjectNode out = NODES.objectNode();
            value.properties().forEach(e -> out.set(e.getKey(), choose(e.getValue(), values)));
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            value.forEach(item -> out.add(choose(item, values)));
            return out;
        }
        return value;
    }
}
