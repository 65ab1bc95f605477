package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::Events::Rule} through EventBridge's PutRule, PutTargets, RemoveTargets and DeleteRule.
 * Ref is the rule's name; attribute {@code Arn}. An {@code EventPattern} object is sent as its JSON
 * text. A new name needs a new rule; anything else is put again in place.
 */
final class RuleProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "AWSEvents";

    private final ServiceCalls calls;

    RuleProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        String name = calls.name(request, "Name", 64, false);
        return put(name, request.properties());
    }

    private Made put(String name, ObjectNode p) throws Exception {
        ObjectNode rule = NODES.objectNode().put("Name", name);
        for (String member : new String[] {"ScheduleExpression", "State", "Description", "EventBusName"}) {
            if (p.has(member)) {
                rule.set(member, p.get(member));
            }
        }
        if (p.has("EventPattern")) {
            JsonNode pattern = p.get("EventPattern");
            rule.put("EventPattern", pattern.isTextual() ? pattern.asText() : pattern.toString());
        }
        String arn =
                calls.target("events", PREFIX, "PutRule", rule).path("RuleArn").asText();
        if (p.path("Targets").isArray() && !p.get("Targets").isEmpty()) {
            ObjectNode targets = NODES.objectNode().put("Rule", name);
            targets.set("Targets", p.get("Targets"));
            calls.target("events", PREFIX, "PutTargets", targets);
        }
        return new Made(name, Map.of("Arn", arn));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        if (!Objects.equals(
                current.properties().get("Name"), request.properties().get("Name"))) {
            return null;
        }
        removeTargets(current);
        return put(current.physicalId(), request.properties());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            removeTargets(resource);
            calls.target("events", PREFIX, "DeleteRule", NODES.objectNode().put("Name", resource.physicalId()));
        } catch (AwsException e) {
            if (!e.code().equals("ResourceNotFoundException")) {
                throw e;
            }
        }
    }

    private void removeTargets(StackResource resource) throws Exception {
        ArrayNode ids = NODES.arrayNode();
        resource.properties().path("Targets").forEach(t -> ids.add(t.path("Id").asText()));
        if (!ids.isEmpty()) {
            ObjectNode in = NODES.objectNode().put("Rule", resource.physicalId());
            in.set("Ids", ids);
            calls.target("events", PREFIX, "RemoveTargets", in);
        }
    }
}
