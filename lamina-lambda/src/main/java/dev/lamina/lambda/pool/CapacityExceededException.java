package dev.lamina.lambda.pool;

/** The node has no memory left for another environment, and no idle one to shut down for it. */
public final class CapacityExceededException extends Exception {
    public CapacityExceededException(String message) {
        super(message);
    }
}
