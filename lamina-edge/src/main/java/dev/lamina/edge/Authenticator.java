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
    Authenticator NONE = (request, signingName, unsignedPayload) -> null;

    /**
     * Returns the access key id that signed {@code request} for the service {@code signingName}
     * (e.g. {@code lambda}) in the node's region, or {@code null} when nothing is checked; throws an
     * {@link AwsException} (403 in AWS's words) when the request is not properly signed.
     *
     * @param unsignedPayload whether the service takes {@code x-amz-content-sha256} (including
     *     {@code UNSIGNED-PAYLOAD}) in place of the body's hash, as S3 does; see
     *     {@link EdgeService#acceptsUnsignedPayload()}
     */
    String authenticate(HttpRequest request, String signingName, boolean unsignedPayload);

    /** {@link #authenticate(HttpRequest, String, boolean)} for a service whose body is always signed. */
    default String authenticate(HttpRequest request, String signingName) {
        return authenticate(request, signingName, false);
    }
}
