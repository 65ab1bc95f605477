package dev.lamina.edge;

import java.util.Map;

/**
 * An error a client caused (or a service fault), rendered in AWS's rest-json error shape: the code in
 * the {@code x-amzn-ErrorType} header and a JSON body carrying the message. The body's key case
 * differs by error type on real AWS (see reference/aws-quirks.md), hence {@link #upperCaseMessage}.
 */
public class AwsException extends RuntimeException {
    private final int status;
    private final String type;
    private final boolean upperCaseMessage;
    private final Map<String, String> extraFields;

    public AwsException(int status, String type, String message, boolean upperCaseMessage, Map<String, String> extra) {
        super(message);
        this.status = status;
        this.type = type;
        this.upperCaseMessage = upperCaseMessage;
        this.extraFields = Map.copyOf(extra);
    }

    public AwsException(int status, String type, String message) {
        this(status, type, message, false, Map.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public boolean upperCaseMessage() {
        return upperCaseMessage;
    }

    public Map<String, String> extraFields() {
        return extraFields;
    }

    public static AwsException invalidParameter(String message) {
        return new AwsException(400, "InvalidParameterValueException", message);
    }

    /** A request that breaks the API model's constraints; AWS sends it without a {@code Type}. */
    public static AwsException validation(String message) {
        return new AwsException(400, "ValidationException", message);
    }

    public static AwsException notFound(String message) {
        return new AwsException(404, "ResourceNotFoundException", message, true, Map.of());
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

    public static AwsException tooManyRequests(String reason) {
        return new AwsException(429, "TooManyRequestsException", "Rate Exceeded.", false, Map.of("Reason", reason));
    }

    public static AwsException service(String message) {
        return new AwsException(500, "ServiceException", message, true, Map.of());
    }
}
