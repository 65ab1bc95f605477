package dev.lamina.spi.lambda;

/**
 * A function as Lambda resolved it.
 *
 * @param name the function's name
 * @param qualifier the version or alias asked for, or {@code null} for the unqualified function
 * @param functionArn the function's ARN, qualified when {@code qualifier} is given
 */
public record FunctionRef(String name, String qualifier, String functionArn) {}
