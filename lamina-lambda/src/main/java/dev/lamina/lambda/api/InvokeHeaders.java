package dev.lamina.lambda.api;

import dev.lamina.edge.HttpRequest;
import dev.lamina.lambda.LambdaErrors;

/** The headers Invoke and InvokeWithResponseStream share. */
final class InvokeHeaders {
    private InvokeHeaders() {}

    /** Whether {@code X-Amz-Log-Type} asks for the log tail; a value other than Tail or None is refused. */
    static boolean logTail(HttpRequest request) {
        String logType = request.header("x-amz-log-type");
        if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + logType
                    + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]");
        }
        return "Tail".equals(logType);
    }
}
