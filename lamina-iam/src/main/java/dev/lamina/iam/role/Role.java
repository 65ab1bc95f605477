package dev.lamina.iam.role;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One IAM role as the node keeps it: what {@code CreateRole} gave, and its permissions, its inline
 * policies by name and the ARNs of the managed policies attached to it.
 *
 * @param assumeRolePolicyDocument the trust policy as given (JSON)
 * @param description {@code null} when none was given
 * @param tags in the order given
 * @param inlinePolicies policy name → document (JSON as given), in the order put
 * @param attachedPolicies managed policy ARNs, in the order attached
 */
public record Role(
        String name,
        String path,
        String roleId,
        String arn,
        Instant created,
        String assumeRolePolicyDocument,
        String description,
        int maxSessionDuration,
        Map<String, String> tags,
        Map<String, String> inlinePolicies,
        List<String> attachedPolicies) {
    public Role {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        inlinePolicies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        attachedPolicies = List.copyOf(attachedPolicies);
    }

    /** This role with {@code document} as its inline policy {@code policyName} (added or replaced). */
    Role withInlinePolicy(String policyName, String document) {
        Map<String, String> policies = new LinkedHashMap<>(inlinePolicies);
        policies.put(policyName, document);
        return with(policies, attachedPolicies);
    }

    /** This role without its inline policy {@code policyName}. */
    Role withoutInlinePolicy(String policyName) {
        Map<String, String> policies = new LinkedHashMap<>(inlinePolicies);
        policies.remove(policyName);
        return with(policies, attachedPolicies);
    }

    /** This role with the managed policies {@code attached}. */
    Role withAttachedPolicies(List<String> attached) {
        return with(inlinePolicies, attached);
    }

    private Role with(Map<String, String> inline, List<String> attached) {
        return new Role(
                name,
                path,
                roleId,
                arn,
                created,
                assumeRolePolicyDocument,
                description,
                maxSessionDuration,
                tags,
                inline,
                attached);
    }
}
