package dev.lamina.cloudformation.template;

import static dev.lamina.cloudformation.template.SamTransform.invalid;
import static dev.lamina.cloudformation.template.SamTransform.invoked;
import static dev.lamina.cloudformation.template.SamTransform.invokedArn;
import static dev.lamina.cloudformation.template.SamTransform.ref;
import static dev.lamina.cloudformation.template.SamTransform.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SAM's {@code S3} event: unlike the other events it makes no resource of its own but changes the
 * bucket the template declares. Pure.
 */
final class SamS3Event {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SamS3Event() {}

    /**
     * An {@code S3} event, as SAM makes it: the permission {@code <Id><Event>Permission} for
     * {@code s3.amazonaws.com} from the stack's account, and on the bucket (which must be an
     * {@code AWS::S3::Bucket} of the same template, named by {@code Ref}) one entry of
     * {@code NotificationConfiguration.LambdaConfigurations} per event with the event's {@code Filter},
     * the bucket depending on the permission, as S3 refuses a function that does not let it invoke.
     * (Like SAM, no {@code SourceArn}: the bucket's ARN would make the permission depend on the bucket
     * that depends on it.)
     */
    static void add(String function, String alias, String id, JsonNode p, JsonNode declared, ObjectNode resources) {
        String bucket = p.path("Bucket").path("Ref").asText(null);
        if (bucket == null || !declared.path(bucket).path("Type").asText().equals("AWS::S3::Bucket")) {
            throw invalid(
                    function,
                    "Event with id [" + id.substring(function.length()) + "] is invalid. S3 events must reference"
                            + " an S3 bucket in the same template.");
        }
        ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunction");
        permission.set("FunctionName", invoked(function, alias));
        permission.put("Principal", "s3.amazonaws.com");
        permission.set("SourceAccount", ref("AWS::AccountId"));
        resources.set(id + "Permission", resource(null, "AWS::Lambda::Permission", permission));

        if (!resources.has(bucket)) { // declared after the function
            resources.set(bucket, declared.get(bucket).deepCopy());
        }
        ObjectNode target = (ObjectNode) resources.get(bucket);
        JsonNode dependsOn = target.get("DependsOn");
        ArrayNode depends = NODES.arrayNode();
        if (dependsOn != null && dependsOn.isArray()) {
            depends.addAll((ArrayNode) dependsOn);
        } else if (dependsOn != null) {
            depends.add(dependsOn);
        }
        depends.add(id + "Permission");
        target.set("DependsOn", depends);
        ObjectNode props = target.path("Properties").isObject()
                ? (ObjectNode) target.get("Properties")
                : target.putObject("Properties");
        ObjectNode config = props.path("NotificationConfiguration").isObject()
                ? (ObjectNode) props.get("NotificationConfiguration")
                : props.putObject("NotificationConfiguration");
        ArrayNode lambdas = config.path("LambdaConfigurations").isArray()
                ? (ArrayNode) config.get("LambdaConfigurations")
                : config.putArray("LambdaConfigurations");
        JsonNode events = p.path("Events");
        if (events.isMissingNode() || events.isNull()) {
            throw invalid(
                    function,
                    "Event with id [" + id.substring(function.length()) + "] is invalid. Missing required property"
                            + " 'Events'.");
        }
        for (JsonNode event : events.isArray() ? events : NODES.arrayNode().add(events)) {
            ObjectNode entry = lambdas.addObject();
            entry.set("Event", event);
            entry.set("Function", invokedArn(function, alias));
            if (p.has("Filter")) {
                entry.set("Filter", p.get("Filter"));
            }
        }
    }
}
