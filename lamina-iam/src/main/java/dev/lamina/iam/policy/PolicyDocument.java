package dev.lamina.iam.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An identity-based policy document, parsed and checked as IAM checks one at {@code PutRolePolicy}:
 * JSON with an optional {@code Version} (2012-10-17 or 2008-10-17) and a {@code Statement} (one
 * object or a list), each with {@code Effect} ({@code Allow} or {@code Deny}), {@code Action} or
 * {@code NotAction}, {@code Resource} or {@code NotResource} (each a string or a list of strings), no
 * {@code Principal}, and optionally {@code Sid} and {@code Condition}. Anything else is IAM's 400
 * {@code MalformedPolicyDocument}. Pure.
 */
public record PolicyDocument(List<Statement> statements) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> KEYS = Set.of(
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Condition",
            "Principal",
            "NotPrincipal");

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** Parses and checks {@code json}; throws {@code MalformedPolicyDocument}. */
    public static PolicyDocument parse(String json) {
        JsonNode root = tree(json);
        List<Statement> statements = new ArrayList<>();
        for (JsonNode statement : statements(root)) {
            statements.add(statement(statement));
        }
        return new PolicyDocument(statements);
    }

    /**
     * Checks a role's trust policy ({@code AssumeRolePolicyDocument}): JSON whose statements have an
     * {@code Effect}. Who may assume a role is not evaluated on this node (no STS), so its principals
     * and actions are kept as given.
     */
    public static void checkTrustPolicy(String json) {
        for (JsonNode statement : statements(tree(json))) {
            effect(statement);
        }
    }

    private static JsonNode tree(String json) {
        JsonNode root;
        try {
            root = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (root == null || !root.isObject()) {
            throw malformed("This policy contains invalid Json");
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual() && VERSIONS.contains(version.asText()))) {
            throw malformed("The policy failed legacy parsing");
        }
        return root;
    }

    private static List<JsonNode> statements(JsonNode root) {
        JsonNode statement = root.get("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement != null && statement.isObject()) {
            out.add(statement);
        } else if (statement != null && statement.isArray() && !statement.isEmpty()) {
            statement.forEach(out::add);
        } else {
            throw malformed("Syntax errors in policy.");
        }
        for (JsonNode each : out) {
            if (!each.isObject()) {
                throw malformed("Syntax errors in policy.");
            }
        }
        return out;
    }

    private static Statement statement(JsonNode node) {
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw malformed("Syntax errors in policy.");
            }
        });
        if (node.has("Principal") || node.has("NotPrincipal")) {
            throw malformed("Policy document should not specify a principal.");
        }
        Effect effect = effect(node);
        boolean notAction = node.has("NotAction");
        if (notAction == node.has("Action")) {
            throw malformed("Policy statement must contain actions.");
        }
        boolean notResource = node.has("NotResource");
        if (notResource == node.has("Resource")) {
            throw malformed("Policy statement must contain resources.");
        }
        List<String> actions = strings(node.get(notAction ? "NotAction" : "Action"));
        for (String action : actions) {
            if (!action.equals("*") && action.indexOf(':') <= 0) {
                throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }
        List<String> resources = strings(node.get(notResource ? "NotResource" : "Resource"));
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw malformed("Resource " + resource + " must be in ARN format or \"*\".");
            }
        }
        JsonNode condition = node.get("Condition");
        if (condition != null && !condition.isObject()) {
            throw malformed("Syntax errors in policy.");
        }
        return new Statement(
                effect, actions, notAction, resources, notResource, condition != null && !condition.isEmpty());
    }

    private static Effect effect(JsonNode node) {
        JsonNode effect = node.get("Effect");
        if (effect == null || !effect.isTextual()) {
            throw malformed("Syntax errors in policy.");
        }
        return switch (effect.asText()) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default -> throw malformed("Syntax errors in policy.");
        };
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode each : node) {
                if (!each.isTextual()) {
                    throw malformed("Syntax errors in policy.");
                }
                out.add(each.asText());
            }
        } else {
            throw malformed("Syntax errors in policy.");
        }
        return out;
    }

    private static AwsException malformed(String message) {
        return new AwsException(400, "MalformedPolicyDocument", message);
    }
}
