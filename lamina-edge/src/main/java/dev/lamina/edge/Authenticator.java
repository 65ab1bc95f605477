package dev.lamina.edge;

import dev.lamina.core.AwsException;

/**
 * Decides who sent a request before the edge dispatches it. The edge calls it on the thread that runs
 * the request's route (the event loop for a non-blocking one) for every request of a
 * {@link EdgeService} that has a signing name.
 */
@FunctionalInterface
public interface Authenticator {
    /** Lets every request through: the node runs without authentication. */
    Authenticator NONE = (request, signingName) -> null;

    /**
     * Returns the access key id that signed {@code request} for the service {@code signingName}
     * (e.g. {@code lambda}), or {@code null} when nothing is checked; throws an {@link AwsException}
     * (403 in AWS's words) when the request is not properly signed.
     */
    String authenticate(HttpRequest request, String signingName);
}
