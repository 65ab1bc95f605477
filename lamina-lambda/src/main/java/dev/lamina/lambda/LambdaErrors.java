package dev.lamina.lambda;

import dev.lamina.core.AwsException;
import java.util.Map;

/** The errors Lambda's API answers with, by the codes and words Lambda uses. */
public final class LambdaErrors {
    private LambdaErrors() {}

    public static AwsException invalidParameter(String message) {
        return new AwsException(400, "InvalidParameterValueException", message);
    }

    public static AwsException conflict(String message) {
        return new AwsException(409, "ResourceConflictException", message);
    }

    public static AwsException invalidRequestContent(String message) {
        return new AwsException(400, "InvalidRequestContentException", message);
    }

    public static AwsException requestTooLarge(String message) {
        return new AwsException(413, "RequestTooLargeException", message);
    }

    public static AwsException preconditionFailed(String message) {
        return new AwsException(412, "PreconditionFailedException", message);
    }

    /** No room to store code: Lambda's answer to an account over its code storage quota. */
    public static AwsException codeStorageExceeded(String message) {
        return new AwsException(400, "CodeStorageExceededException", message, Map.of("Type", "User"));
    }

    /** Over a concurrency limit; {@code reason} says which, as Lambda's {@code Reason} field. */
    public static AwsException tooManyRequests(String reason) {
        return new AwsException(429, "TooManyRequestsException", "Rate Exceeded.", Map.of("Reason", reason));
    }
}
