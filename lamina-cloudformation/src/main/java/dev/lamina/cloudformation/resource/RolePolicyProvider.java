package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code AWS::IAM::Policy} through IAM's PutRolePolicy and DeleteRolePolicy: the document becomes the
 * inline policy {@code PolicyName} of each role in {@code Roles} (their names). Ref (and attribute
 * {@code Id}) is a generated id, as CloudFormation gives. Every change is made in place, as on AWS: the
 * policy is put on the roles now listed, then taken off the roles no longer listed (or under its old
 * name). The node's IAM has roles alone, so {@code Users} and {@code Groups} are refused.
 */
final class RolePolicyProvider implements ResourceProvider {
    private static final Set<String> PROPERTIES = Set.of("PolicyName", "PolicyDocument", "Roles", "Users", "Groups");

    private final ServiceCalls calls;

    RolePolicyProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        check(request);
        Set<String> done = new LinkedHashSet<>();
        try {
            for (String role : roles(request.properties())) {
                put(role, request.properties());
                done.add(role);
            }
        } catch (Exception e) {
            for (String role : done) {
                remove(role, request.properties().path("PolicyName").asText());
            }
            throw e;
        }
        String id = calls.name(request.stackName(), request.logicalId(), 64, false);
        return new Made(id, Map.of("Id", id));
    }

    @Override
    public Made update(Request request, StackResource current) throws Exception {
        check(request);
        String name = request.properties().path("PolicyName").asText();
        String before = current.properties().path("PolicyName").asText();
        Set<String> now = roles(request.properties());
        for (String role : now) {
            put(role, request.properties());
        }
        for (String role : roles(current.properties())) {
            if (!now.contains(role) || !name.equals(before)) {
                remove(role, before);
            }
        }
        return new Made(current.physicalId(), current.attributes());
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        for (String role : roles(resource.properties())) {
            remove(role, resource.properties().path("PolicyName").asText());
        }
    }

    private static void check(Request request) {
        ResourceProvider.allowOnly(request, PROPERTIES);
        JsonNode p = request.properties();
        if (!p.path("Users").isEmpty() || !p.path("Groups").isEmpty()) {
            throw new AwsException(
                    400,
                    "ValidationError",
                    "Resource " + request.logicalId() + ": this node's IAM has roles only; Users and Groups"
                            + " cannot be given a policy.");
        }
        if (!p.hasNonNull("PolicyName") || !p.hasNonNull("PolicyDocument")) {
            throw new AwsException(
                    400,
                    "ValidationError",
                    "Properties validation failed for resource " + request.logicalId()
                            + " with message: #: required key ["
                            + (p.hasNonNull("PolicyName") ? "PolicyDocument" : "PolicyName")
                            + "] not found");
        }
    }

    private void put(String role, JsonNode p) throws Exception {
        Map<String, String> form =
                action("PutRolePolicy", role, p.path("PolicyName").asText());
        JsonNode document = p.path("PolicyDocument");
        form.put("PolicyDocument", document.isTextual() ? document.asText() : document.toString());
        calls.query("iam", form);
    }

    private void remove(String role, String policy) throws Exception {
        try {
            calls.query("iam", action("DeleteRolePolicy", role, policy));
        } catch (AwsException e) {
            if (!e.code().equals("NoSuchEntity")) {
                throw e;
            }
        }
    }

    private static Set<String> roles(JsonNode p) {
        Set<String> out = new LinkedHashSet<>();
        p.path("Roles").forEach(r -> out.add(r.asText()));
        return out;
    }

    private static Map<String, String> action(String action, String role, String policy) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-05-08");
        form.put("RoleName", role);
        form.put("PolicyName", policy);
        return form;
    }
}
