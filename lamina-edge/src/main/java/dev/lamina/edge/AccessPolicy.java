package dev.lamina.edge;

/**
 * Whether the principal a request acts for may do what it asks (decision 38). The edge asks it only
 * for requests signed with temporary credentials, whose principal is a role ARN; requests signed
 * with the node's own keys are the operator's and never asked about. Called on the request's thread,
 * the event loop included: it must answer from memory. Thread-safe.
 */
@FunctionalInterface
public interface AccessPolicy {
    /** The answer, and when it is no, whether a policy said no or none said yes. */
    enum Verdict {
        ALLOWED,
        NOT_ALLOWED,
        DENIED_EXPLICITLY
    }

    /** Allows everything: what a node has before any policy is wired. */
    AccessPolicy ALLOW_ALL = (principal, access) -> Verdict.ALLOWED;

    Verdict decide(String principal, Access access);
}
