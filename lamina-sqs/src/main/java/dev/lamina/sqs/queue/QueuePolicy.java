package dev.lamina.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A queue's {@code Policy} as AddPermission and RemovePermission edit it: one statement a label, as
 * SQS writes them. Pure: takes the policy as it is ({@code null} for none), returns the next.
 *
 * <p>Example: adding label {@code send} for account {@code 111122223333} and action
 * {@code SendMessage} to a queue without a policy gives {@code {"Version":"2012-10-17","Id":
 * "<arn>/SQSDefaultPolicy","Statement":[{"Sid":"send","Effect":"Allow","Principal":{"AWS":
 * ["arn:aws:iam::111122223333:root"]},"Action":["SQS:SendMessage"],"Resource":"<arn>"}]}}.
 */
public final class QueuePolicy {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Set<String> ACTIONS = Set.of(
            "*",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "ChangeMessageVisibility",
            "GetQueueAttributes",
            "GetQueueUrl",
            "ListDeadLetterSourceQueues",
            "PurgeQueue",
            "ListQueueTags",
            "SendMessageBatch",
            "DeleteMessageBatch",
            "ChangeMessageVisibilityBatch");

    private QueuePolicy() {}

    /** {@code policy} with a statement for {@code label}; throws {@code InvalidParameterValue} for bad input or a label in use. */
    public static String add(
            String policy, String queueArn, String label, List<String> accounts, List<String> actions) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw SqsErrors.invalidParameter("Value " + label + " for parameter Label is invalid. Reason: It is 1 to 80"
                    + " letters, digits, '-' and '_'.");
        }
        if (accounts.isEmpty()) {
            throw SqsErrors.missingParameter("AWSAccountIds");
        }
        if (actions.isEmpty()) {
            throw SqsErrors.missingParameter("Actions");
        }
        for (String action : actions) {
            if (!ACTIONS.contains(action)) {
                throw SqsErrors.invalidParameter("Value SQS:" + action + " for parameter ActionName is invalid.");
            }
        }
        ObjectNode doc = parse(policy, queueArn);
        ArrayNode statements = (ArrayNode) doc.get("Statement");
        for (JsonNode statement : statements) {
            if (label.equals(statement.path("Sid").asText())) {
                throw SqsErrors.invalidParameter(
                        "Value " + label + " for parameter Label is invalid. Reason: Already exists.");
            }
        }
        ObjectNode statement = statements.addObject().put("Sid", label).put("Effect", "Allow");
        ArrayNode principals = statement.putObject("Principal").putArray("AWS");
        accounts.forEach(account -> principals.add("arn:aws:iam::" + account + ":root"));
        ArrayNode granted = statement.putArray("Action");
        actions.forEach(action -> granted.add("SQS:" + action));
        statement.put("Resource", queueArn);
        return doc.toString();
    }

    /**
     * {@code policy} without {@code label}'s statement, {@code ""} (no policy) when none remains; throws
     * {@code InvalidParameterValue} when no statement has that label.
     */
    public static String remove(String policy, String queueArn, String label) {
        ObjectNode doc = parse(policy, queueArn);
        ArrayNode statements = (ArrayNode) doc.get("Statement");
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).path("Sid").asText().equals(label)) {
                statements.remove(i);
                return statements.isEmpty() ? "" : doc.toString();
            }
        }
        throw SqsErrors.invalidParameter(
                "Value " + label + " for parameter Label is invalid. Reason: can't find label.");
    }

    private static ObjectNode parse(String policy, String queueArn) {
        ObjectNode doc = null;
        if (policy != null && !policy.isEmpty()) {
            try {
                JsonNode read = JSON.readTree(policy);
                doc = read instanceof ObjectNode object ? object : null;
            } catch (java.io.IOException e) {
                doc = null; // a policy set as text that is not JSON: AddPermission starts a new one
            }
        }
        if (doc == null) {
            doc = JSON.createObjectNode().put("Version", "2012-10-17").put("Id", queueArn + "/SQSDefaultPolicy");
        }
        if (!(doc.get("Statement") instanceof ArrayNode)) {
            doc.putArray("Statement");
        }
        return doc;
    }
}
