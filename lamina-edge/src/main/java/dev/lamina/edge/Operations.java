package dev.lamina.edge;

import dev.lamina.core.AwsException;

/** The operations of a {@link EdgeService.TargetApi}, called on a virtual thread once the request is authenticated. */
@FunctionalInterface
public interface Operations {
    /**
     * Performs {@code operation} (what follows the target prefix in {@code X-Amz-Target}, e.g.
     * {@code FilterLogEvents}); throws an {@link AwsException} for a client's error, such as an
     * {@code UnknownOperationException} for an operation the API does not have.
     */
    HttpResponse perform(String operation, HttpRequest request) throws Exception;
}
