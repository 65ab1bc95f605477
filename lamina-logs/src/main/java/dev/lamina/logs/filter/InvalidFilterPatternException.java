package dev.lamina.logs.filter;

/** A filter pattern that does not parse; the Logs API answers it with InvalidParameterException. */
public final class InvalidFilterPatternException extends IllegalArgumentException {
    public InvalidFilterPatternException(String reason) {
        super(reason);
    }
}
