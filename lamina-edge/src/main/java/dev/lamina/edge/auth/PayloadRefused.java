package dev.lamina.edge.auth;

import dev.lamina.core.AwsException;
import java.io.IOException;

/**
 * Thrown by a streamed body's read when the body is not what the request signed or declared (a
 * chunk's signature, a checksum, a length): an {@link IOException}, so that whatever is copying the
 * body stops and keeps nothing, carrying the error the client gets as its cause.
 */
public final class PayloadRefused extends IOException {
    public PayloadRefused(AwsException error) {
        super(error.getMessage(), error);
    }

    /** The error the client gets. */
    public AwsException error() {
        return (AwsException) getCause();
    }
}
