package dev.lamina.iam.policy;

/** The outcome of evaluating a principal's policies for one request. */
public enum Decision {
    /** Some statement allows it and none denies it. */
    ALLOW,
    /** A statement denies it: no allow can override that. */
    EXPLICIT_DENY,
    /** No statement allows it. */
    IMPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOW;
    }
}
