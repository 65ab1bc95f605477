package dev.lamina.iam.policy;

import java.util.Collection;

/**
 * IAM's evaluation of identity-based policies for one request, without conditions: an explicit
 * {@code Deny} that covers the action and resource wins; otherwise an {@code Allow} that covers them
 * allows; otherwise the request is denied (nothing allows it). Pure.
 *
 * <p>Conditions are not evaluated yet (decision 38), and a statement with a {@code Condition} is
 * read so that the node never allows more than AWS would: an {@code Allow} with a condition allows
 * nothing, a {@code Deny} with a condition denies as if its condition held.
 *
 * <p>Worked example: with {@code Allow s3:* on arn:aws:s3:::data/*} and {@code Deny s3:Delete* on *},
 * {@code s3:GetObject} on {@code arn:aws:s3:::data/a} is {@link Decision#ALLOW}, {@code
 * s3:DeleteObject} on the same is {@link Decision#EXPLICIT_DENY}, and {@code s3:GetObject} on {@code
 * arn:aws:s3:::other/a} is {@link Decision#IMPLICIT_DENY}.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static Decision evaluate(Collection<PolicyDocument> policies, String action, String resource) {
        boolean allowed = false;
        for (PolicyDocument policy : policies) {
            for (Statement statement : policy.statements()) {
                if (!statement.covers(action, resource)) {
                    continue;
                }
                if (statement.effect() == Effect.DENY) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed |= !statement.conditional();
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }
}
