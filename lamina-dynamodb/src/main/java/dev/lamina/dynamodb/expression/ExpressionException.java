package dev.lamina.dynamodb.expression;

import java.util.List;

/**
 * A malformed expression, with DynamoDB's words for what is wrong ({@code Syntax error; token: ...}).
 * {@link Expressions} turns it into a {@code ValidationException} whose message names the expression's
 * kind first ({@code Invalid ConditionExpression: ...}), as DynamoDB's do.
 */
final class ExpressionException extends RuntimeException {
    private final boolean syntax;

    ExpressionException(String detail) {
        this(detail, false);
    }

    private ExpressionException(String detail, boolean syntax) {
        super(detail, null, false, false);
        this.syntax = syntax;
    }

    /** Whether the expression could not be parsed at all (DynamoDB reports that before anything else). */
    boolean syntax() {
        return syntax;
    }

    /**
     * A syntax error at {@code token}, showing it and the text either side, as DynamoDB does:
     * {@code Syntax error; token: "=", near: "a = = b"}.
     */
    static ExpressionException syntax(String text, List<Token> before, Token token) {
        int from = before.isEmpty() ? token.start() : before.getLast().start();
        int next = Math.min(text.length(), token.start() + token.text().length());
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        while (next < text.length() && !Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return new ExpressionException(
                "Syntax error; token: \"" + token.shown() + "\", near: \""
                        + text.substring(from, next).strip() + "\"",
                true);
    }
}
