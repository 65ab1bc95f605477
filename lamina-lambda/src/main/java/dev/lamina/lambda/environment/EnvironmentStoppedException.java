package dev.lamina.lambda.environment;

/** The environment stopped before it took the invocation; the caller may use another one. */
public final class EnvironmentStoppedException extends Exception {
    public EnvironmentStoppedException(String message) {
        super(message);
    }
}
