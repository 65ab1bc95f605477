package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template after any transform: its parameters, mappings, resources and outputs, checked as
 * CloudFormation checks them before it changes anything (every resource has a type, every reference
 * names a parameter or resource, no resources depend on each other in a circle).
 *
 * @param resources by logical id, in the template's order
 * @param order the logical ids in an order that makes every resource after those it refers to
 */
public record Template(
        String description,
        ObjectNode parameters,
        ObjectNode mappings,
        Map<String, Resource> resources,
        ObjectNode outputs,
        List<String> order) {

    /** One resource as the template declares it. */
    public record Resource(String logicalId, String type, ObjectNode properties, Set<String> dependsOn) {}

    /** The pseudo parameters every template may refer to. */
    public static final Set<String> PSEUDO_PARAMETERS = Set.of(
            "AWS::Region",
            "AWS::AccountId",
            "AWS::StackName",
            "AWS::StackId",
            "AWS::Partition",
            "AWS::URLSuffix",
            "AWS::NoValue",
            "AWS::NotificationARNs");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The template of a document ({@link TemplateText#parse}) that no transform is left to change. */
    public static Template of(ObjectNode doc) {
        JsonNode resources = doc.path("Resources");
        if (!resources.isObject() || resources.isEmpty()) {
            throw TemplateErrors.format("At least one Resources member must be defined.");
        }
        ObjectNode parameters = object(doc, "Parameters");
        Map<String, Resource> byId = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : resources.properties()) {
            String id = e.getKey();
            JsonNode body = e.getValue();
            if (!body.isObject() || !body.path("Type").isTextual()) {
                throw TemplateErrors.format(
                        "[/Resources/" + id + "] Every Resources object must contain a Type member.");
            }
            JsonNode props = body.path("Properties");
            if (!props.isMissingNode() && !props.isObject()) {
                throw TemplateErrors.format("[/Resources/" + id + "/Properties] must be an object");
            }
            Set<String> dependsOn = new LinkedHashSet<>();
            JsonNode depends = body.path("DependsOn");
            if (depends.isTextual()) {
                dependsOn.add(depends.asText());
            } else {
                depends.forEach(d -> dependsOn.add(d.asText()));
            }
            byId.put(
                    id,
                    new Resource(
                            id,
                            body.get("Type").asText(),
                            props.isObject() ? (ObjectNode) props : NODES.objectNode(),
                            dependsOn));
        }
        Set<String> unresolved = new LinkedHashSet<>();
        for (Resource r : byId.values()) {
            for (String name : References.of(r.properties(), r.dependsOn())) {
                if (!byId.containsKey(name) && !parameters.has(name) && !PSEUDO_PARAMETERS.contains(name)) {
                    unresolved.add(name);
                }
            }
        }
        ObjectNode outputs = object(doc, "Outputs");
        for (JsonNode output : outputs) {
            for (String name : References.of(output.path("Value"), Set.of())) {
                if (!byId.containsKey(name) && !parameters.has(name) && !PSEUDO_PARAMETERS.contains(name)) {
                    unresolved.add(name);
                }
            }
        }
        if (!unresolved.isEmpty()) {
            throw TemplateErrors.format(
                    "Unresolved resource dependencies " + unresolved + " in the Resources block of the template");
        }
        return new Template(
                doc.path("Description").asText(null), parameters, object(doc, "Mappings"), byId, outputs, order(byId));
    }

    private static ObjectNode object(ObjectNode doc, String member) {
        JsonNode value = doc.path(member);
        if (value.isMissingNode() || value.isNull()) {
            return NODES.objectNode();
        }
        if (!value.isObject()) {
            throw TemplateErrors.format("The " + member + " section must be an object");
        }
        return (ObjectNode) value;
    }

    /**
     * A depth-first order over the references between resources; throws "Circular dependency between
     * resources: [A, B]" naming those in the circle.
     */
    private static List<String> order(Map<String, Resource> resources) {
        List<String> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String id : resources.keySet()) {
            visit(id, resources, done, new LinkedHashSet<>(), out);
        }
        return List.copyOf(out);
    }

    private static void visit(
            String id, Map<String, Resource> resources, Set<String> done, Set<String> path, List<String> out) {
        if (done.contains(id)) {
            return;
        }
        if (!path.add(id)) {
            List<String> circle = new ArrayList<>(path);
            throw TemplateErrors.validation("Circular dependency between resources: "
                    + circle.subList(circle.indexOf(id), circle.size()).stream()
                            .sorted()
                            .toList());
        }
        Resource r = resources.get(id);
        for (String name : References.of(r.properties(), r.dependsOn())) {
            if (resources.containsKey(name)) {
                visit(name, resources, done, path, out);
            }
        }
        path.remove(id);
        done.add(id);
        out.add(id);
    }

    /** The resources {@code id} refers to, directly. */
    public Set<String> dependencies(String id) {
        Resource r = resources.get(id);
        Set<String> out = new LinkedHashSet<>();
        for (String name : References.of(r.properties(), r.dependsOn())) {
            if (resources.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
