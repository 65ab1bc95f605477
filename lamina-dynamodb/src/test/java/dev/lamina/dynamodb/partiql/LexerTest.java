package dev.lamina.dynamodb.partiql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.partiql.Lexer.Kind;
import dev.lamina.dynamodb.partiql.Lexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
    @Test
    void tokensKeepQuotedTextAndSkipComments() {
        assertEquals(
                List.of(
                        new Token(Kind.WORD, "select"),
                        new Token(Kind.QUOTED, "a\"b"),
                        new Token(Kind.STRING, "it's"),
                        new Token(Kind.NUMBER, "1.5e-3"),
                        new Token(Kind.PUNCT, "<<"),
                        new Token(Kind.PARAMETER, "?"),
                        new Token(Kind.PUNCT, ">>"),
                        new Token(Kind.PUNCT, "<="),
                        new Token(Kind.PUNCT, "!="),
                        new Token(Kind.END, "")),
                Lexer.tokens("select /* a comment */ \"a\"\"b\" 'it''s' -- to the line's end\n 1.5e-3 <<?>> <= !="));
    }

    @Test
    void unfinishedTextIsNotWellFormed() {
        for (String[] c : new String[][] {
            {"'open", "Unterminated string literal"},
            {"\"open", "Unterminated quoted identifier"},
            {"/* open", "Unterminated comment"},
            {"a # b", "Unexpected character: #"},
        }) {
            assertEquals(
                    "Statement wasn't well formed, can't be processed: " + c[1],
                    assertThrows(AwsException.class, () -> Lexer.tokens(c[0])).getMessage(),
                    c[0]);
        }
    }
}
