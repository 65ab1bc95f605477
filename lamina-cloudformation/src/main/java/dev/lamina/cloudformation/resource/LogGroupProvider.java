package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code AWS::Logs::LogGroup} through CloudWatch Logs' CreateLogGroup, PutRetentionPolicy,
 * DeleteRetentionPolicy and DeleteLogGroup. Ref is the group's name; attribute {@code Arn}
 * ({@code arn:aws:logs:<region>:<account>:log-group:<name>:*}). The retention changes in place; a new
 * name needs a new group. A group whose retention is refused is deleted again before the error goes on.
 */
final class LogGroupProvider implements ResourceProvider {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PREFIX = "Logs_20140328";
    private static final Set<String> PROPERTIES =
            Set.of("LogGroupName", "RetentionInDays", "KmsKeyId", "LogGroupClass", "Tags", "DataProtectionPolicy");

    private final ServiceCalls calls;

    LogGroupProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        String name = calls.name(request, "LogGroupName", 512, false);
        calls.target("logs", PREFIX, "CreateLogGroup", group(name));
        try {
            retention(name, request.properties());
        } catch (Exception e) {
            calls.target("logs", PREFIX, "DeleteLogGroup", group(name));
            throw e;
        }
        return new Made(
                name,
                Map.of("Arn", "arn:aws:logs:" + calls.region() + ":" + calls.account() + ":log-group:" + name + ":*"));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        ResourceProvider.allowOnly(request, PROPERTIES);
        if (!Objects.equals(
                current.properties().get("LogGroupName"), request.properties().get("LogGroupName"))) {
            return null;
        }
        retention(current.physicalId(), request.properties());
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        try {
            calls.target("logs", PREFIX, "DeleteLogGroup", group(resource.physicalId()));
        } catch (AwsException e) {
            if (!e.code().contains("ResourceNotFound")) {
                throw e;
            }
        }
    }

    /** Sets the retention the properties name, or none (never expire). */
    private void retention(String name, ObjectNode p) throws Exception {
        JsonNode days = p.get("RetentionInDays");
        if (days == null) {
            calls.target("logs", PREFIX, "DeleteRetentionPolicy", group(name));
        } else {
            JsonNode number = days.isTextual() && days.asText().matches("-?[0-9]{1,9}")
                    ? NODES.numberNode(Integer.parseInt(days.asText())) // a parameter's value is text
                    : days;
            calls.target("logs", PREFIX, "PutRetentionPolicy", group(name).set("retentionInDays", number));
        }
    }

    private static ObjectNode group(String name) {
        return NODES.objectNode().put("logGroupName", name);
    }
}
