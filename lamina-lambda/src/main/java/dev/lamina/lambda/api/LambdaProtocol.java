package dev.lamina.lambda.api;

import dev.lamina.edge.protocol.RestJson;
import java.util.Set;

/**
 * How Lambda's API words its errors: rest-json, with what real Lambda adds. The code goes in
 * {@code x-amzn-ErrorType} and in the body as {@code __type}; {@code Type} says {@code User} or
 * {@code Service}, except for a ValidationException; ResourceNotFoundException and ServiceException
 * write {@code Message}, every other code {@code message}; a 429 says {@code Retry-After: 1}.
 */
public final class LambdaProtocol {
    public static final RestJson REST_JSON = new RestJson(new RestJson.Flavour(
            true, true, Set.of("ValidationException"), Set.of("ResourceNotFoundException", "ServiceException"), 1));

    private LambdaProtocol() {}
}
