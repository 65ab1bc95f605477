package dev.lamina.core;

/**
 * Temporary credentials the node hands to what runs on it, as AWS hands a function the credentials of
 * its execution role: an access key id, a secret and a session token that the node accepts from the
 * moment they are issued until they are revoked (when the execution environment that holds them ends).
 * Thread-safe.
 */
public interface SessionCredentials {
    /** One issued set, as a function sees it in {@code AWS_ACCESS_KEY_ID}, … {@code AWS_SESSION_TOKEN}. */
    record Issued(String accessKeyId, String secretAccessKey, String sessionToken) {}

    /** Issues credentials that act for {@code principal} (a role ARN) until {@link #revoke revoked}. */
    Issued issue(String principal);

    /** Stops accepting the credentials with this access key id; unknown ids are ignored. */
    void revoke(String accessKeyId);
}
