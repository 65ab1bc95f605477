package dev.lamina.api.lambda;

import dev.lamina.edge.AwsException;
import dev.lamina.edge.HttpRequest;

/** The headers Invoke and InvokeWithResponseStream share. */
final class InvokeHeaders {
    private InvokeHeaders() {}

    /** Whether {@code X-Amz-Log-Type} asks for the log tail; a value other than Tail or None is refused. */
    static boolean logTail(HttpRequest request) {
        String logType = request.header("x-amz-log-type");
        if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
            throw AwsException.invalidParameter("1 validation error detected: Value '" + logType
                    + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]");
        }
        return "Tail".equals(logType);
    }
}
