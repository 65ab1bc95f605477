package dev.lamina.cloudformation.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.Stack;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.cloudformation.template.Intrinsics;
import dev.lamina.cloudformation.template.TemplateErrors;
import java.util.Map;

/**
 * What the names of a stack's template stand for while it is being made: its parameters, the pseudo
 * parameters, the resources made so far (Ref their physical id, GetAtt their attributes), and what
 * other stacks export.
 */
record StackScope(
        Stack stack,
        Map<String, StackResource> made,
        String region,
        String account,
        java.util.function.Function<String, String> exports)
        implements Intrinsics.Scope {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public JsonNode ref(String name) {
        switch (name) {
            case "AWS::Region" -> {
                return NODES.textNode(region);
            }
            case "AWS::AccountId" -> {
                return NODES.textNode(account);
            }
            case "AWS::StackName" -> {
                return NODES.textNode(stack.name());
            }
            case "AWS::StackId" -> {
                return NODES.textNode(stack.id());
            }
            case "AWS::Partition" -> {
                return NODES.textNode("aws");
            }
            case "AWS::URLSuffix" -> {
                return NODES.textNode("amazonaws.com");
            }
            case "AWS::NotificationARNs" -> {
                return NODES.arrayNode();
            }
            default -> {}
        }
        StackResource resource = made.get(name);
        if (resource != null) {
            return NODES.textNode(resource.physicalId());
        }
        String value = stack.parameters().get(name);
        if (value == null) {
            throw TemplateErrors.validation("Template error: instance of Fn::GetAtt or Ref references undefined"
                    + " resource or parameter " + name);
        }
        JsonNode declaration = stack.template().path("Parameters").path(name);
        String type = declaration.path("Type").asText("String");
        if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
            ArrayNode list = NODES.arrayNode();
            for (String item : value.split(",", -1)) {
                list.add(item.strip());
            }
            return list;
        }
        return NODES.textNode(value);
    }

    @Override
    public JsonNode attribute(String resource, String attribute) {
        StackResource made = this.made.get(resource);
        String value = made == null ? null : made.attributes().get(attribute);
        if (value == null) {
            throw TemplateErrors.validation("Template error: resource " + resource + " does not support attribute type "
                    + attribute + " in Fn::GetAtt");
        }
        return NODES.textNode(value);
    }

    @Override
    public JsonNode importValue(String name) {
        String value = exports.apply(name);
        if (value == null) {
            throw TemplateErrors.validation("No export named " + name + " found.");
        }
        return NODES.textNode(value);
    }

    @Override
    public ObjectNode mappings() {
        JsonNode mappings = stack.template().path("Mappings");
        return mappings.isObject() ? (ObjectNode) mappings : NODES.objectNode();
    }
}
