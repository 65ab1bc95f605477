package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import java.io.IOException;
import java.io.InputStream;

/** The small XML bodies of S3's operations, from a streamed request or a whole one. */
final class Bodies {
    /** S3 takes no XML document larger than this (its own limit for a Delete is 2,000 keys). */
    static final int MAX_XML = 2 * 1024 * 1024;

    private Bodies() {}

    /** The whole body, at most {@link #MAX_XML} bytes, or S3's 400 {@code MaxMessageLengthExceeded}. */
    static byte[] small(HttpRequest request) throws IOException {
        InputStream stream = request.bodyStream();
        if (stream == null) {
            if (request.body().length > MAX_XML) {
                throw tooLong();
            }
            return request.body();
        }
        byte[] bytes = stream.readNBytes(MAX_XML + 1);
        if (bytes.length > MAX_XML) {
            throw tooLong();
        }
        return bytes;
    }

    /** The body as a stream, whichever way it came. */
    static InputStream stream(HttpRequest request) {
        return request.bodyStream() != null ? request.bodyStream() : new java.io.ByteArrayInputStream(request.body());
    }

    private static AwsException tooLong() {
        return new AwsException(400, "MaxMessageLengthExceeded", "Your request was too big.");
    }
}
