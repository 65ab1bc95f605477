package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Resolves the intrinsic functions of a value against what a stack knows at that point: {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split},
 * {@code Fn::FindInMap}, {@code Fn::Base64}, {@code Fn::ImportValue}. A {@code Ref} to {@code AWS::NoValue} removes the member
 * or item it stands for. Example: with the queue {@code Q} made, {@code {"Fn::Sub":
 * "${Q.Arn}/x"}} is {@code "arn:aws:sqs:us-east-1:000000000000:s-Q-ABC/x"}. Pure over its scope.
 */
public final class Intrinsics {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What names stand for: parameters and pseudo parameters, and the resources made so far. */
    public interface Scope {
        /** The value of {@code Ref name}; throws {@code ValidationError} when nothing has it yet. */
        JsonNode ref(String name);

        /** The value of {@code Fn::GetAtt [resource, attribute]}; throws as {@link #ref} does. */
        JsonNode attribute(String resource, String attribute);

        /** The template's Mappings section. */
        ObjectNode mappings();

        /** The value another stack exports as {@code name} ({@code Fn::ImportValue}); throws when none does. */
        default JsonNode importValue(String name) {
            throw TemplateErrors.validation("No export named " + name + " found.");
        }
    }

    private Intrinsics() {}

    /** {@code value} with every intrinsic function replaced by its value ({@link MissingNode} for no value). */
    public static JsonNode resolve(JsonNode value, Scope scope) {
        if (value.isObject()) {
            if (value.size() == 1) {
                String key = value.properties().iterator().next().getKey();
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return function(key, value.get(key), scope);
                }
            }
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                JsonNode resolved = resolve(e.getValue(), scope);
                if (!resolved.isMissingNode()) {
                    out.set(e.getKey(), resolved);
                }
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = NODES.arrayNode();
            for (JsonNode item : value) {
                JsonNode resolved = resolve(item, scope);
                if (!resolved.isMissingNode()) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    private static JsonNode function(String name, JsonNode argument, Scope scope) {
        return switch (name) {
            case "Ref" -> {
                String target = argument.asText();
                yield target.equals("AWS::NoValue") ? MissingNode.getInstance() : scope.ref(target);
            }
            case "Fn::GetAtt" -> {
                JsonNode args =
                        argument.isArray() ? argument : NODES.arrayNode().add(argument.asText());
                String first = resolve(args.path(0), scope).asText();
                String attribute = args.size() > 1 ? resolve(args.get(1), scope).asText() : null;
                if (attribute == null) {
                    String[] dotted = first.split("\\.", 2);
                    if (dotted.length < 2) {
                        throw TemplateErrors.format(
                                "Template error: every Fn::GetAtt object requires two non-empty parameters");
                    }
                    first = dotted[0];
                    attribute = dotted[1];
                }
                yield scope.attribute(first, attribute);
            }
            case "Fn::Sub" -> NODES.textNode(sub(argument, scope));
            case "Fn::Join" -> {
                JsonNode list = resolve(argument.path(1), scope);
                if (!argument.isArray() || !list.isArray()) {
                    throw TemplateErrors.format("Template error: Fn::Join takes a delimiter and a list of values");
                }
                StringBuilder out = new StringBuilder();
                String delimiter = argument.get(0).asText();
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : delimiter).append(list.get(i).asText());
                }
                yield NODES.textNode(out.toString());
            }
            case "Fn::Select" -> {
                int index = resolve(argument.path(0), scope).asInt(-1);
                JsonNode list = resolve(argument.path(1), scope);
                if (index < 0 || index >= list.size()) {
                    throw TemplateErrors.format(
                            "Template error: Fn::Select cannot select nonexistent value at index " + index);
                }
                yield list.get(index);
            }
            case "Fn::Split" -> {
                String delimiter = argument.path(0).asText();
                String text = resolve(argument.path(1), scope).asText();
                ArrayNode out = NODES.arrayNode();
                for (String part : text.split(java.util.regex.Pattern.quote(delimiter), -1)) {
                    out.add(part);
                }
                yield out;
            }
            case "Fn::FindInMap" -> {
                String map = resolve(argument.path(0), scope).asText();
                String top = resolve(argument.path(1), scope).asText();
                String second = resolve(argument.path(2), scope).asText();
                JsonNode found = scope.mappings().path(map).path(top).path(second);
                if (found.isMissingNode()) {
                    throw TemplateErrors.format(
                            "Template error: Unable to get mapping for " + map + "::" + top + "::" + second);
                }
                yield found;
            }
            case "Fn::ImportValue" -> scope.importValue(resolve(argument, scope).asText());
            case "Fn::Base64" ->
                NODES.textNode(java.util.Base64.getEncoder()
                        .encodeToString(
                                resolve(argument, scope).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            default -> throw TemplateErrors.format("Unrecognized intrinsic function: " + name);
        };
    }

    private static String sub(JsonNode argument, Scope scope) {
        String text = argument.isArray() ? argument.path(0).asText() : argument.asText();
        ObjectNode locals = argument.isArray() && argument.path(1).isObject()
                ? (ObjectNode) resolve(argument.get(1), scope)
                : NODES.objectNode();
        Matcher m = References.SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            JsonNode value;
            if (locals.has(name)) {
                value = locals.get(name);
            } else if (!name.startsWith("AWS::") && name.indexOf('.') > 0) {
                String[] dotted = name.split("\\.", 2);
                value = scope.attribute(dotted[0], dotted[1]);
            } else {
                value = scope.ref(name);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
        }
        m.appendTail(out);
        // ${!Literal} stands for ${Literal}
        return out.toString().replace("${!", "${");
    }
}
