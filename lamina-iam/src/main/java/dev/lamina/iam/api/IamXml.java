package dev.lamina.iam.api;

import dev.lamina.edge.protocol.Query;
import dev.lamina.edge.protocol.XmlText;
import dev.lamina.iam.role.ManagedPolicies;
import dev.lamina.iam.role.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One IAM answer in the query protocol's XML: {@code <ActionResponse>} in IAM's namespace, holding
 * {@code <ActionResult>} (absent for the operations that return nothing) and the request id. Policy
 * documents go out URL-encoded, as IAM sends them (botocore decodes them; the SDK for Java leaves that
 * to the caller).
 */
final class IamXml {
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final String action;
    private final StringBuilder result = new StringBuilder();

    IamXml(String action) {
        this.action = action;
    }

    void role(Role role) {
        result.append("<Role>");
        roleFields(role);
        result.append("</Role>");
    }

    void roles(List<Role> roles, String marker) {
        result.append("<Roles>");
        for (Role role : roles) {
            result.append("<member>");
            roleFields(role);
            result.append("</member>");
        }
        result.append("</Roles>");
        truncation(marker);
    }

    void rolePolicy(String roleName, String policyName, String document) {
        XmlText.element(result, "RoleName", roleName);
        XmlText.element(result, "PolicyName", policyName);
        XmlText.element(result, "PolicyDocument", encoded(document));
    }

    void policyNames(List<String> names) {
        result.append("<PolicyNames>");
        names.forEach(name -> XmlText.element(result, "member", name));
        result.append("</PolicyNames>");
        truncation(null);
    }

    void attachedPolicies(List<ManagedPolicies.ManagedPolicy> policies) {
        result.append("<AttachedPolicies>");
        for (ManagedPolicies.ManagedPolicy policy : policies) {
            result.append("<member>");
            XmlText.element(result, "PolicyName", policy.name());
            XmlText.element(result, "PolicyArn", policy.arn());
            result.append("</member>");
        }
        result.append("</AttachedPolicies>");
        truncation(null);
    }

    private void truncation(String marker) {
        XmlText.element(result, "IsTruncated", Boolean.toString(marker != null));
        if (marker != null) {
            XmlText.element(result, "Marker", marker);
        }
    }

    private void roleFields(Role role) {
        XmlText.element(result, "Path", role.path());
        XmlText.element(result, "RoleName", role.name());
        XmlText.element(result, "RoleId", role.roleId());
        XmlText.element(result, "Arn", role.arn());
        XmlText.element(result, "CreateDate", DateTimeFormatter.ISO_INSTANT.format(role.created()));
        XmlText.element(result, "AssumeRolePolicyDocument", encoded(role.assumeRolePolicyDocument()));
        if (role.description() != null) {
            XmlText.element(result, "Description", role.description());
        }
        XmlText.element(result, "MaxSessionDuration", Integer.toString(role.maxSessionDuration()));
        if (!role.tags().isEmpty()) {
            result.append("<Tags>");
            role.tags().forEach((key, value) -> {
                result.append("<member>");
                XmlText.element(result, "Key", key);
                XmlText.element(result, "Value", value);
                result.append("</member>");
            });
            result.append("</Tags>");
        }
    }

    /** The document percent-encoded, a space as {@code %20}: botocore unquotes it, which keeps a {@code +}. */
    private static String encoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The whole answer. */
    String finish(String requestId) {
        return Query.envelope(
                        new StringBuilder(result.length() + 256),
                        NAMESPACE,
                        action,
                        result.isEmpty() ? null : result,
                        requestId)
                .toString();
    }
}
