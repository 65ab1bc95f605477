package dev.lamina.cloudformation.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * A SAM function's {@code Policies} as its generated role's {@code ManagedPolicyArns} and inline
 * {@code Policies}: a name ({@code AmazonS3ReadOnlyAccess}) or ARN is a managed policy; a document
 * with a {@code Statement} is an inline policy {@code <Function>RolePolicy<n>}; a policy template
 * ({@code SQSPollerPolicy: {QueueName: …}}) is the statement SAM's template stands for, its
 * parameter substituted by {@code Fn::Sub}. Example: {@code DynamoDBReadPolicy: {TableName: !Ref T}}
 * allows {@code dynamodb:GetItem}, {@code Query}, … on {@code table/${TableName}} and its indexes.
 * Pure.
 */
final class SamPolicies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A policy template: the parameter it takes, what it allows, and on what ({@code ${Param}} substituted). */
    private record PolicyTemplate(String parameter, List<String> actions, List<String> resources) {}

    private static final String TABLE =
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}";
    private static final String QUEUE = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}";
    private static final String BUCKET = "arn:${AWS::Partition}:s3:::${BucketName}";

    private static final Map<String, PolicyTemplate> TEMPLATES = Map.of(
            "SQSPollerPolicy",
            new PolicyTemplate(
                    "QueueName",
                    List.of(
                            "sqs:ChangeMessageVisibility",
                            "sqs:ChangeMessageVisibilityBatch",
                            "sqs:DeleteMessage",
                            "sqs:DeleteMessageBatch",
                            "sqs:GetQueueAttributes",
                            "sqs:ReceiveMessage"),
                    List.of(QUEUE)),
            "SQSSendMessagePolicy",
            new PolicyTemplate("QueueName", List.of("sqs:SendMessage*"), List.of(QUEUE)),
            "DynamoDBCrudPolicy",
            new PolicyTemplate(
                    "TableName",
                    List.of(
                            "dynamodb:GetItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:PutItem",
                            "dynamodb:Scan",
                            "dynamodb:Query",
                            "dynamodb:UpdateItem",
                            "dynamodb:BatchWriteItem",
                            "dynamodb:BatchGetItem",
                            "dynamodb:DescribeTable",
                            "dynamodb:ConditionCheckItem"),
                    List.of(TABLE, TABLE + "/index/*")),
            "DynamoDBReadPolicy",
            new PolicyTemplate(
                    "TableName",
                    List.of(
                            "dynamodb:GetItem",
                            "dynamodb:Scan",
                            "dynamodb:Query",
                            "dynamodb:BatchGetItem",
                            "dynamodb:DescribeTable"),
                    List.of(TABLE, TABLE + "/index/*")),
            "S3ReadPolicy",
            new PolicyTemplate(
                    "BucketName",
                    List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion"),
                    List.of(BUCKET, BUCKET + "/*")),
            "S3CrudPolicy",
            new PolicyTemplate(
                    "BucketName",
                    List.of(
                            "s3:GetObject",
                            "s3:ListBucket",
                            "s3:GetBucketLocation",
                            "s3:GetObjectVersion",
                            "s3:PutObject",
                            "s3:DeleteObject"),
                    List.of(BUCKET, BUCKET + "/*")),
            "LambdaInvokePolicy",
            new PolicyTemplate(
                    "FunctionName",
                    List.of("lambda:InvokeFunction"),
                    List.of(
                            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${FunctionName}*")));

    private SamPolicies() {}

    /**
     * Adds {@code policies} (a function's {@code Policies}: one value or a list) to {@code role}'s
     * properties; throws {@code ValidationError} naming a policy template this node does not know.
     */
    static void addTo(ObjectNode role, String function, JsonNode policies, RuntimeExceptionFactory invalid) {
        ArrayNode managed = role.withArrayProperty("ManagedPolicyArns");
        List<JsonNode> items = new java.util.ArrayList<>();
        if (policies.isArray()) {
            policies.forEach(items::add);
        } else {
            items.add(policies);
        }
        int n = 0;
        for (JsonNode policy : items) {
            if (policy.isTextual()) {
                String name = policy.asText();
                managed.add(name.startsWith("arn:") ? name : "arn:aws:iam::aws:policy/" + name);
                continue;
            }
            ObjectNode document;
            if (policy.has("Statement")) {
                document = (ObjectNode) policy;
            } else {
                String name = policy.properties().iterator().next().getKey();
                PolicyTemplate template = TEMPLATES.get(name);
                if (template == null || policy.size() != 1) {
                    throw invalid.create(
                            function,
                            "Policy template " + name + " is not one this node knows (it knows "
                                    + new java.util.TreeSet<>(TEMPLATES.keySet()) + ").");
                }
                document = statement(template, policy.get(name).path(template.parameter()));
            }
            ObjectNode inline = role.withArrayProperty("Policies").addObject();
            inline.put("PolicyName", function + "RolePolicy" + n++);
            inline.set("PolicyDocument", document);
        }
    }

    private static ObjectNode statement(PolicyTemplate template, JsonNode value) {
        ObjectNode document = NODES.objectNode().put("Version", "2012-10-17");
        ObjectNode statement = document.putArray("Statement").addObject().put("Effect", "Allow");
        ArrayNode actions = statement.putArray("Action");
        template.actions().forEach(actions::add);
        ArrayNode resources = statement.putArray("Resource");
        for (String resource : template.resources()) {
            ArrayNode sub = resources.addObject().putArray("Fn::Sub").add(resource);
            sub.addObject().set(template.parameter(), value);
        }
        return document;
    }

    /** How the transform words an invalid function. */
    @FunctionalInterface
    interface RuntimeExceptionFactory {
        RuntimeException create(String id, String what);
    }
}
