package dev.lamina.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into {@link Token}s; a character no token starts with is a syntax error. */
final class Tokenizer {
    private Tokenizer() {}

    /**
     * The tokens of {@code text}, ending with an {@link Token.Kind#END} token.
     *
     * @throws ExpressionException at a character no token starts with
     */
    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < text.length() && isNameChar(text.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw ExpressionException.syntax(text, out, new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
                }
                out.add(new Token(
                        c == '#' ? Token.Kind.NAME_REF : Token.Kind.VALUE_REF, text.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && isNameChar(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, text.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Kind.NUMBER, text.substring(start, i), start));
            } else if ((c == '<' || c == '>') && i + 1 < text.length() && (text.charAt(i + 1) == '=')
                    || (c == '<' && i + 1 < text.length() && text.charAt(i + 1) == '>')) {
                out.add(new Token(Token.Kind.SYMBOL, text.substring(start, i + 2), start));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
                i++;
            } else {
                throw ExpressionException.syntax(text, out, new Token(Token.Kind.SYMBOL, String.valueOf(c), start));
            }
        }
        out.add(new Token(Token.Kind.END, "", text.length()));
        return out;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
