package dev.lamina.dynamodb.partiql;

import dev.lamina.dynamodb.partiql.Lexer.Kind;
import dev.lamina.dynamodb.partiql.Lexer.Token;
import java.util.List;
import java.util.Locale;

/** A position in a statement's tokens, with the looks and checks {@link StatementParser} makes. */
final class TokenCursor {
    private final List<Token> tokens;
    private int at;

    TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    String word(String expected) {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw StatementParser.malformed("Expected " + expected + ", found " + t.shown());
        }
        return t.text().toUpperCase(Locale.ROOT);
    }

    Token peek() {
        return tokens.get(at);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    boolean accept(String punct) {
        if (peek().is(punct)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptWord(String word) {
        if (peek().isWord(word)) {
            next();
            return true;
        }
        return false;
    }

    void expect(String punct) {
        if (!accept(punct)) {
            throw StatementParser.malformed("Expected " + punct + ", found " + peek().shown());
        }
    }

    void expectWord(String word) {
        if (!acceptWord(word)) {
            throw StatementParser.malformed("Expected " + word + ", found " + peek().shown());
        }
    }
}
