package dev.lamina.iam.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.QueryStrings;
import dev.lamina.edge.protocol.Protocol;
import dev.lamina.iam.role.ManagedPolicies;
import dev.lamina.iam.role.NewRole;
import dev.lamina.iam.role.Role;
import dev.lamina.iam.role.Roles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * IAM's API (2010-05-08) in the query protocol: a form naming its {@code Action}, answered in XML
 * ({@link IamXml}). Parses the form, performs one operation on {@link Roles}, renders the answer.
 */
public final class IamApi {
    private final Roles roles;
    private final RandomGenerator random;

    public IamApi(Roles roles, RandomGenerator random) {
        this.roles = roles;
        this.random = random;
    }

    /** Serves one request: a {@code POST} form, or a {@code GET} with the parameters in its query. */
    public HttpResponse handle(HttpRequest request) {
        Map<String, String> form = parse(
                request.method().equals("GET")
                        ? request.rawQuery()
                        : new String(request.body(), StandardCharsets.UTF_8));
        String action = form.get("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "Missing Action");
        }
        String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
        IamXml xml = new IamXml(action);
        perform(action, form, xml);
        return new HttpResponse(
                200,
                Map.of("Content-Type", "text/xml", Protocol.REQUEST_ID, requestId),
                xml.finish(requestId).getBytes(StandardCharsets.UTF_8));
    }

    private void perform(String action, Map<String, String> form, IamXml xml) {
        String roleName = form.get("RoleName");
        switch (action) {
            case "CreateRole" ->
                xml.role(roles.create(new NewRole(
                        roleName,
                        form.get("Path"),
                        form.get("AssumeRolePolicyDocument"),
                        form.get("Description"),
                        integer(form, "MaxSessionDuration"),
                        tags(form))));
            case "GetRole" -> xml.role(roles.get(roleName));
            case "ListRoles" -> {
                Roles.Page<Role> page =
                        roles.list(form.get("PathPrefix"), form.get("Marker"), integer(form, "MaxItems"));
                xml.roles(page.items(), page.marker());
            }
            case "DeleteRole" -> roles.delete(roleName);
            case "PutRolePolicy" -> roles.putPolicy(roleName, form.get("PolicyName"), form.get("PolicyDocument"));
            case "GetRolePolicy" -> {
                String policyName = form.get("PolicyName");
                xml.rolePolicy(roles.get(roleName).name(), policyName, roles.getPolicy(roleName, policyName));
            }
            case "ListRolePolicies" -> xml.policyNames(roles.listPolicies(roleName));
            case "DeleteRolePolicy" -> roles.deletePolicy(roleName, form.get("PolicyName"));
            case "AttachRolePolicy" -> roles.attach(roleName, form.get("PolicyArn"));
            case "DetachRolePolicy" -> roles.detach(roleName, form.get("PolicyArn"));
            case "ListAttachedRolePolicies" -> {
                String prefix = form.get("PathPrefix");
                xml.attachedPolicies(roles.attached(roleName).stream()
                        .filter(p -> prefix == null || pathOf(p).startsWith(prefix))
                        .toList());
            }
            default -> throw new AwsException(400, "InvalidAction", "Could not find operation " + action);
        }
    }

    /** A managed policy's path: what its ARN has between {@code policy} and its name. */
    private static String pathOf(ManagedPolicies.ManagedPolicy policy) {
        String rest = policy.arn().substring(policy.arn().indexOf(":policy") + ":policy".length());
        return rest.substring(0, rest.length() - policy.name().length());
    }

    /** {@code Tags.member.N.Key} and {@code Tags.member.N.Value}, in the order of N. */
    private static Map<String, String> tags(Map<String, String> form) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int n = 1; form.containsKey("Tags.member." + n + ".Key"); n++) {
            String key = form.get("Tags.member." + n + ".Key");
            String value = form.getOrDefault("Tags.member." + n + ".Value", "");
            if (key.isEmpty() || key.length() > 128 || value.length() > 256) {
                throw new AwsException(
                        400,
                        "ValidationError",
                        "1 validation error detected: Value '" + key
                                + "' at 'tags." + n + ".member.key' failed to satisfy constraint: Member must have"
                                + " length between 1 and 128, and its value at most 256");
            }
            tags.put(key, value);
        }
        return tags;
    }

    private static Integer integer(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new AwsException(400, "ValidationError", "Value '" + value + "' for " + name + " is not a number.");
        }
    }

    /** The form's parameters ({@code application/x-www-form-urlencoded}), the first of each name. */
    static Map<String, String> parse(String form) {
        try {
            return QueryStrings.parseForm(form);
        } catch (QueryStrings.Malformed e) {
            throw new AwsException(400, "MalformedQueryString", "The request's form is not URL-encoded.");
        }
    }
}
