package dev.lamina.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;

/**
 * The operations of a {@link EdgeService.TargetApi}, written once over documents: the edge decodes the
 * request's body with the API's protocol (JSON, or CBOR when the client sent CBOR) and encodes the
 * answer the same way. Called on a virtual thread, once the request is authenticated.
 */
@FunctionalInterface
public interface Operations {
    /**
     * Performs {@code operation} (what follows the target prefix in {@code X-Amz-Target}, e.g.
     * {@code FilterLogEvents}) on its {@code input} document and returns the output document; throws
     * an {@link AwsException} for a client's error, such as an {@code UnknownOperationException} for
     * an operation the API does not have.
     */
    JsonNode perform(String operation, JsonNode input) throws Exception;

    /**
     * {@link #perform(String, JsonNode)} for an API whose answer depends on the request itself, such
     * as SQS, whose queue URLs name the Host the caller used ({@link PublicUrls#api}). The edge calls
     * this one; by default it ignores the request.
     */
    default JsonNode perform(String operation, JsonNode input, HttpRequest request) throws Exception {
        return perform(operation, input);
    }
}
