package dev.lamina.edge;

import dev.lamina.core.AwsException;
import dev.lamina.edge.auth.StreamingPayload;
import java.io.InputStream;

/**
 * Decides who sent a request before the edge dispatches it. The edge calls it on the thread that runs
 * the request's route (the event loop for a non-blocking one) for every request of a
 * {@link EdgeService} that has a signing name.
 */
public interface Authenticator {
    /**
     * Lets every request through: the node runs without authentication. A streamed body is still
     * decoded ({@code aws-chunked}) and its trailing checksum checked, but no signature.
     */
    Authenticator NONE = new Authenticator() {
        @Override
        public String authenticate(HttpRequest request, String signingName, boolean unsignedPayload) {
            return null;
        }

        @Override
        public Streamed authenticateStreamed(HttpRequest head, InputStream body, String signingName) {
            return new Streamed(null, StreamingPayload.open(head.headers(), body, null));
        }
    };

    /**
     * A streamed request's signer and the body its route reads.
     *
     * @param accessKeyId as {@link #authenticate} returns it
     */
    record Streamed(String accessKeyId, InputStream body) {}

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

    /**
     * For a route that streams its body ({@link Router#addStreaming}), called before the body is read:
     * checks the signature of {@code head} (whose payload hash {@code x-amz-content-sha256} declares,
     * as S3's) and returns who signed it and the body the route reads, which checks as it is read what the request
     * declared of it (see {@link StreamingPayload}); throws as {@link #authenticate} does. An
     * authenticator that cannot check a streamed body refuses it.
     *
     * @param signingName the service's signing name, or {@code null} for an endpoint left open
     */
    default Streamed authenticateStreamed(HttpRequest head, InputStream body, String signingName) {
        throw new AwsException(403, "AccessDenied", "This node cannot check the signature of a streamed upload");
    }

    /**
     * The principal (a role ARN) that the temporary credentials with this access key id act for
     * (decision 34), or {@code null} for the node's own keys, which are the operator's, and when
     * nothing is checked. Throws {@code UnrecognizedClientException} for a temporary key revoked since
     * its request was authenticated.
     */
    default String principal(String accessKeyId) {
        return null;
    }
}
