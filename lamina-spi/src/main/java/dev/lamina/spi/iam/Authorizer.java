package dev.lamina.spi.iam;

/**
 * IAM as the node's other parts reach it: whether a role may perform an action on a resource, by the
 * identity-based policies (inline and attached) of that role in the node's IAM (decision 38). A
 * principal that is no role of the node's IAM may do everything: the node's documented default, so
 * that a function whose role was never created keeps working. Answers from memory. Thread-safe.
 */
public interface Authorizer {
    /** The outcome for one request, as IAM words its refusals. */
    enum Decision {
        /** Some statement allows it and none denies it (or the principal is no role of the node's). */
        ALLOW,
        /** No statement allows it: "because no identity-based policy allows the … action". */
        IMPLICIT_DENY,
        /** A statement denies it: "with an explicit deny in an identity-based policy". */
        EXPLICIT_DENY
    }

    /**
     * @param principal the role ARN temporary credentials act for, e.g.
     *     {@code arn:aws:iam::000000000000:role/reader}
     * @param action e.g. {@code s3:GetObject}
     * @param resource an ARN, e.g. {@code arn:aws:s3:::photos/cat.jpg}, or {@code *}
     */
    Decision decide(String principal, String action, String resource);

    /** Whether {@link #decide} allows it. */
    default boolean allows(String principal, String action, String resource) {
        return decide(principal, action, resource) == Decision.ALLOW;
    }
}
