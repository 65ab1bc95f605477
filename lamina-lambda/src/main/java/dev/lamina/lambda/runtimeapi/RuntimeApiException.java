package dev.lamina.lambda.runtimeapi;

/** A Runtime API call that the environment's state does not allow: 400 InvalidRequestID or 403 InvalidStateTransition. */
public final class RuntimeApiException extends RuntimeException {
    private final int status;
    private final String errorType;

    public RuntimeApiException(int status, String errorType, String message) {
        super(message);
        this.status = status;
        this.errorType = errorType;
    }

    public static RuntimeApiException invalidRequestId() {
        return new RuntimeApiException(400, "InvalidRequestID", "Invalid request ID");
    }

    public static RuntimeApiException invalidStateTransition(String message) {
        return new RuntimeApiException(403, "InvalidStateTransition", message);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }
}
