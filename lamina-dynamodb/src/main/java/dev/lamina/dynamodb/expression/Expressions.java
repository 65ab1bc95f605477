package dev.lamina.dynamodb.expression;

import dev.lamina.core.AwsException;
import java.util.List;

/**
 * Parses DynamoDB's expressions, resolving their {@code #names} and {@code :values} through one
 * request's {@link ExpressionAttributes}. A malformed one is a {@code ValidationException} whose
 * message starts with its kind, as DynamoDB's do: {@code Invalid UpdateExpression: Syntax error; ...}.
 */
public final class Expressions {
    private Expressions() {}

    public static Condition condition(String kind, String text, ExpressionAttributes attributes) {
        attributes.expressionParsed();
        return parse(kind, text, () -> new Parser(text, attributes).condition());
    }

    public static UpdateActions update(String text, ExpressionAttributes attributes) {
        attributes.expressionParsed();
        return parse("UpdateExpression", text, () -> new Parser(text, attributes).update());
    }

    public static List<DocumentPath> projection(String text, ExpressionAttributes attributes) {
        attributes.expressionParsed();
        return parse("ProjectionExpression", text, () -> new Parser(text, attributes).projection());
    }

    private static <T> T parse(String kind, String text, java.util.function.Supplier<T> parse) {
        if (text.isBlank()) {
            throw AwsException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        try {
            return parse.get();
        } catch (ExpressionException e) {
            throw AwsException.validation("Invalid " + kind + ": " + e.getMessage());
        }
    }
}
