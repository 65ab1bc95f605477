package dev.lamina.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a PartiQL statement into tokens: bare words, {@code "quoted names"}, {@code 'strings'} (a
 * quote doubled inside stands for itself), numbers, {@code ?}, and punctuation; {@code --} and
 * {@code /* *\/} comments are skipped. Pure.
 */
final class Lexer {
    enum Kind {
        WORD,
        QUOTED,
        STRING,
        NUMBER,
        PARAMETER,
        PUNCT,
        END
    }

    record Token(Kind kind, String text) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        /** Whether it is the keyword {@code word} (any case). */
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        String shown() {
            return switch (kind) {
                case END -> "end of statement";
                case QUOTED -> '"' + text + '"';
                case STRING -> "'" + text + "'";
                default -> text;
            };
        }
    }

    private static final List<String> PUNCTS = List.of(
            "<<", ">>", "<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", "[", "]", "{", "}", ",", ".", ":", "*", "+",
            "-", ";");
    private static final Set<Character> NUMBER_CHARS = Set.of('.', 'e', 'E');

    private Lexer() {}

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw StatementParser.malformed("Unterminated comment");
                }
                i = end + 2;
            } else if (c == '"' || c == '\'') {
                StringBuilder s = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw StatementParser.malformed(
                                c == '"' ? "Unterminated quoted identifier" : "Unterminated string literal");
                    }
                    char d = text.charAt(j);
                    if (d == c && j + 1 < n && text.charAt(j + 1) == c) {
                        s.append(c);
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        s.append(d);
                        j++;
                    }
                }
                out.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, s.toString()));
                i = j + 1;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n
                        && (Character.isDigit(text.charAt(j))
                                || NUMBER_CHARS.contains(text.charAt(j))
                                || ((text.charAt(j) == '-' || text.charAt(j) == '+')
                                        && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E')))) {
                    j++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.WORD, text.substring(i, j)));
                i = j;
            } else if (c == '?') {
                out.add(new Token(Kind.PARAMETER, "?"));
                i++;
            } else {
                int at = i;
                String punct = PUNCTS.stream()
                        .filter(p -> text.startsWith(p, at))
                        .findFirst()
                        .orElseThrow(() -> StatementParser.malformed("Unexpected character: " + c));
                out.add(new Token(Kind.PUNCT, punct));
                i += punct.length();
            }
        }
        out.add(new Token(Kind.END, ""));
        return out;
    }
}
