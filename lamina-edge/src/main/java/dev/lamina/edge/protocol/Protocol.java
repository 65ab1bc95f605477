package dev.lamina.edge.protocol;

import dev.lamina.core.AwsException;

/**
 * An AWS protocol as the edge speaks it: above all, how an {@link AwsException} looks on the wire, in
 * the shape that protocol's clients (the AWS SDKs, botocore) read its code, message and request id
 * from. One instance serves every request of the services that declare it: implementations are
 * immutable and thread-safe, and know nothing of the HTTP server, storage or files.
 */
public interface Protocol {
    /** The header every protocol but rest-xml carries the request id in. */
    String REQUEST_ID = "x-amzn-RequestId";

    /** The header the rest-json protocols carry the error code in; the SDKs read it before the body. */
    String ERROR_TYPE = "x-amzn-ErrorType";

    /** {@code error} in this protocol's shape, with {@code requestId} where its clients look for it. */
    WireResponse error(AwsException error, String requestId);
}
