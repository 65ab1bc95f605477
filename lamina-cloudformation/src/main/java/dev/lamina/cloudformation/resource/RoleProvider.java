package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code AWS::IAM::Role} through IAM's query API: CreateRole, then AttachRolePolicy for each of
 * {@code ManagedPolicyArns} and PutRolePolicy for each of {@code Policies}; removed by taking those
 * off again and DeleteRole. Ref is the role's name; attributes {@code Arn} and {@code RoleId}. Every
 * change needs a new role.
 */
final class RoleProvider implements ResourceProvider {
    private final ServiceCalls calls;

    RoleProvider(ServiceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Made create(Request request) throws Exception {
        JsonNode p = request.properties();
        String name = calls.name(request, "RoleName", 64, false);
        Map<String, String> form = action("CreateRole", name);
        JsonNode trust = p.path("AssumeRolePolicyDocument");
        form.put("AssumeRolePolicyDocument", trust.isTextual() ? trust.asText() : trust.toString());
        if (p.has("Path")) {
            form.put("Path", p.get("Path").asText());
        }
        if (p.has("Description")) {
            form.put("Description", p.get("Description").asText());
        }
        String xml = calls.query("iam", form);
        for (JsonNode arn : p.path("ManagedPolicyArns")) {
            Map<String, String> attach = action("AttachRolePolicy", name);
            attach.put("PolicyArn", arn.asText());
            calls.query("iam", attach);
        }
        for (JsonNode policy : p.path("Policies")) {
            Map<String, String> put = action("PutRolePolicy", name);
            put.put("PolicyName", policy.path("PolicyName").asText());
            JsonNode document = policy.path("PolicyDocument");
            put.put("PolicyDocument", document.isTextual() ? document.asText() : document.toString());
            calls.query("iam", put);
        }
        return new Made(
                name,
                Map.of(
                        "Arn", ServiceCalls.element(xml, "Arn"),
                        "RoleId", String.valueOf(ServiceCalls.element(xml, "RoleId"))));
    }

    @Override
    public void delete(StackResource resource) throws Exception {
        String name = resource.physicalId();
        try {
            for (JsonNode arn : resource.properties().path("ManagedPolicyArns")) {
                Map<String, String> detach = action("DetachRolePolicy", name);
                detach.put("PolicyArn", arn.asText());
                calls.query("iam", detach);
            }
            for (JsonNode policy : resource.properties().path("Policies")) {
                Map<String, String> remove = action("DeleteRolePolicy", name);
                remove.put("PolicyName", policy.path("PolicyName").asText());
                calls.query("iam", remove);
            }
            calls.query("iam", action("DeleteRole", name));
        } catch (AwsException e) {
            if (!e.code().equals("NoSuchEntity")) {
                throw e;
            }
        }
    }

    private static Map<String, String> action(String action, String role) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-05-08");
        form.put("RoleName", role);
        return form;
    }
}
