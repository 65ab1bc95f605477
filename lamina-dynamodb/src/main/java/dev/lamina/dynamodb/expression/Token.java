package dev.lamina.dynamodb.expression;

/**
 * One token of an expression: its kind, its text as written, and where it starts.
 *
 * @param start the index of its first character in the expression
 */
record Token(Kind kind, String text, int start) {
    enum Kind {
        /** A plain attribute name, keyword or function name. */
        WORD,
        /** {@code #name}: an entry of ExpressionAttributeNames. */
        NAME_REF,
        /** {@code :value}: an entry of ExpressionAttributeValues. */
        VALUE_REF,
        /** Digits: a list index. */
        NUMBER,
        /** {@code ( ) [ ] , . = <> < <= > >= + -}. */
        SYMBOL,
        END
    }

    boolean is(String symbolOrKeyword) {
        return (kind == Kind.SYMBOL && text.equals(symbolOrKeyword))
                || (kind == Kind.WORD && text.equalsIgnoreCase(symbolOrKeyword));
    }

    /** The token as DynamoDB's syntax errors name it. */
    String shown() {
        return kind == Kind.END ? "<EOF>" : text;
    }
}
