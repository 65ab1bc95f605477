package dev.lamina.iam.role;

import dev.lamina.iam.policy.PolicyDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS managed policies this node knows, by ARN, each with a document written from the policy's
 * published meaning (what it grants, not a copy of AWS's text): enough to attach the policies that
 * Lambda's guides attach to execution roles. An ARN not here is, for {@code AttachRolePolicy}, a
 * policy that does not exist.
 */
public final class ManagedPolicies {
    /** One managed policy. */
    public record ManagedPolicy(String name, String arn, PolicyDocument document) {}

    private static final Map<String, ManagedPolicy> KNOWN = new LinkedHashMap<>();

    static {
        add("", "AdministratorAccess", allow("\"*\""));
        add(
                "service-role/",
                "AWSLambdaBasicExecutionRole",
                allow("[\"logs:CreateLogGroup\", \"logs:CreateLogStream\", \"logs:PutLogEvents\"]"));
        add("", "AmazonS3FullAccess", allow("[\"s3:*\", \"s3-object-lambda:*\"]"));
        add(
                "",
                "AmazonS3ReadOnlyAccess",
                allow("[\"s3:Get*\", \"s3:List*\", \"s3:Describe*\", \"s3-object-lambda:Get*\","
                        + " \"s3-object-lambda:List*\"]"));
        add("", "AmazonSQSFullAccess", allow("\"sqs:*\""));
        add(
                "",
                "AmazonSQSReadOnlyAccess",
                allow("[\"sqs:GetQueueAttributes\", \"sqs:GetQueueUrl\", \"sqs:ListDeadLetterSourceQueues\","
                        + " \"sqs:ListQueues\", \"sqs:ListMessageMoveTasks\", \"sqs:ListQueueTags\"]"));
        add(
                "service-role/",
                "AWSLambdaSQSQueueExecutionRole",
                allow("[\"sqs:ReceiveMessage\", \"sqs:DeleteMessage\", \"sqs:GetQueueAttributes\","
                        + " \"logs:CreateLogGroup\", \"logs:CreateLogStream\", \"logs:PutLogEvents\"]"));
    }

    private ManagedPolicies() {}

    private static void add(String path, String name, String document) {
        String arn = "arn:aws:iam::aws:policy/" + path + name;
        KNOWN.put(arn, new ManagedPolicy(name, arn, PolicyDocument.parse(document)));
    }

    private static String allow(String actions) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": " + actions
                + ", \"Resource\": \"*\"}]}";
    }

    /** The managed policy with this ARN, or {@code null} when the node knows none. */
    public static ManagedPolicy find(String arn) {
        return KNOWN.get(arn);
    }

    /** Every one the node knows, in a stable order. */
    public static Iterable<ManagedPolicy> all() {
        return KNOWN.values();
    }
}
