package dev.lamina.iam.role;

import dev.lamina.iam.policy.PolicyDocument;
import dev.lamina.iam.policy.PolicyEvaluator;
import dev.lamina.spi.iam.Authorizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's {@link Authorizer}: every role's parsed policies (inline and attached) in memory, by
 * role ARN, so that a request is authorized without a database read, on the event loop if need be.
 * {@link Roles} replaces a role's entry after each committed change. A principal with no entry (no
 * such role on this node) is allowed everything: the node's default (decision 38). Thread-safe.
 */
public final class RolePermissions implements Authorizer {
    private final ConcurrentHashMap<String, List<PolicyDocument>> byArn = new ConcurrentHashMap<>();

    @Override
    public Decision decide(String principal, String action, String resource) {
        List<PolicyDocument> policies = byArn.get(principal);
        if (policies == null) {
            return Decision.ALLOW;
        }
        return switch (PolicyEvaluator.evaluate(policies, action, resource)) {
            case ALLOW -> Decision.ALLOW;
            case IMPLICIT_DENY -> Decision.IMPLICIT_DENY;
            case EXPLICIT_DENY -> Decision.EXPLICIT_DENY;
        };
    }

    /** Takes {@code roles} as the node's roles, e.g. at start. */
    void load(Collection<Role> roles) {
        byArn.clear();
        roles.forEach(this::put);
    }

    /** Takes {@code role} as it now is. */
    void put(Role role) {
        List<PolicyDocument> policies = new ArrayList<>();
        role.inlinePolicies().values().forEach(document -> policies.add(PolicyDocument.parse(document)));
        for (String arn : role.attachedPolicies()) {
            ManagedPolicies.ManagedPolicy managed = ManagedPolicies.find(arn);
            if (managed != null) {
                policies.add(managed.document());
            }
        }
        byArn.put(role.arn(), List.copyOf(policies));
    }

    /** Forgets the role with this ARN: it no longer exists. */
    void remove(String arn) {
        byArn.remove(arn);
    }
}
