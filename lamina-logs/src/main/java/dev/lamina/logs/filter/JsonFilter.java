package dev.lamina.logs.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON filter pattern: {@code { SELECTOR OPERATOR VALUE }} joined with {@code &&} and {@code ||}
 * (and binding tighter than or) and grouped with parentheses. A selector is {@code $} followed by
 * {@code .name} and {@code [index]} steps. Besides the comparisons of {@link Comparison}, a selector
 * may be tested with {@code IS TRUE}, {@code IS FALSE}, {@code IS NULL}, {@code EXISTS} and {@code
 * NOT EXISTS}.
 *
 * <p>Example: {@code { ($.level = "ERROR" || $.level = WARN*) && $.latency > 100 }} matches {@code
 * {"level":"WARNING","latency":250}} but not {@code {"level":"INFO","latency":250}}. A field that is
 * absent fails every comparison, {@code !=} included; an object or array field compares as its JSON text.
 */
record JsonFilter(Node root) implements FilterPattern {
    private static final ObjectMapper JSON = new ObjectMapper();

    sealed interface Node {
        boolean test(JsonNode event);
    }

    record And(Node left, Node right) implements Node {
        @Override
        public boolean test(JsonNode event) {
            return left.test(event) && right.test(event);
        }
    }

    record Or(Node left, Node right) implements Node {
        @Override
        public boolean test(JsonNode event) {
            return left.test(event) || right.test(event);
        }
    }

    /** A selector compared with a value. */
    record Compare(List<Object> path, Comparison comparison) implements Node {
        @Override
        public boolean test(JsonNode event) {
            JsonNode field = select(event, path);
            if (field == null || field.isNull()) {
                return false;
            }
            return comparison.test(field.isValueNode() ? field.asText() : field.toString());
        }
    }

    /** {@code IS TRUE|FALSE|NULL}, {@code EXISTS}, {@code NOT EXISTS}. */
    record Is(List<Object> path, String what) implements Node {
        @Override
        public boolean test(JsonNode event) {
            JsonNode field = select(event, path);
            return switch (what) {
                case "TRUE" -> field != null && field.isBoolean() && field.booleanValue();
                case "FALSE" -> field != null && field.isBoolean() && !field.booleanValue();
                case "NULL" -> field != null && field.isNull();
                case "EXISTS" -> field != null;
                default -> field == null; // NOT EXISTS
            };
        }
    }

    @Override
    public boolean matches(String message) {
        int brace = message.indexOf('{');
        if (brace < 0) {
            return false;
        }
        JsonNode event;
        try {
            event = JSON.readTree(brace == 0 ? message : message.substring(brace));
        } catch (JsonProcessingException e) {
            return false;
        }
        return event != null && event.isObject() && root.test(event);
    }

    /** The field a path names, or {@code null} when there is none. */
    static JsonNode select(JsonNode event, List<Object> path) {
        JsonNode at = event;
        for (Object step : path) {
            at = step instanceof Integer i ? (at.isArray() ? at.get(i) : null) : at.get((String) step);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    static JsonFilter parse(String pattern) {
        if (!pattern.endsWith("}")) {
            throw new InvalidFilterPatternException("a JSON pattern is closed with '}'");
        }
        Parser p = new Parser(tokens(pattern.substring(1, pattern.length() - 1)));
        if (p.tokens.isEmpty()) {
            throw new InvalidFilterPatternException("an empty JSON pattern");
        }
        Node root = p.or();
        if (p.at < p.tokens.size()) {
            throw new InvalidFilterPatternException("unexpected '" + p.tokens.get(p.at).text + "'");
        }
        return new JsonFilter(root);
    }

    /** A token: {@code quoted} marks a string written in double quotes. */
    record Token(String text, boolean quoted) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    /** Splits the inside of the braces into selectors, operators, values and parentheses. */
    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), false));
                i++;
            } else if (s.startsWith("&&", i)
                    || s.startsWith("||", i)
                    || s.startsWith("!=", i)
                    || s.startsWith("<=", i)
                    || s.startsWith(">=", i)) {
                out.add(new Token(s.substring(i, i + 2), false));
                i += 2;
            } else if (c == '=' || c == '<' || c == '>') {
                out.add(new Token(String.valueOf(c), false));
                i++;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                for (; j < s.length() && s.charAt(j) != '"'; j++) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        j++;
                    }
                    sb.append(s.charAt(j));
                }
                if (j >= s.length()) {
                    throw new InvalidFilterPatternException("a quoted value is not closed");
                }
                out.add(new Token(sb.toString(), true));
                i = j + 1;
            } else if (c == '%') {
                int j = s.indexOf('%', i + 1);
                if (j < 0) {
                    throw new InvalidFilterPatternException("a regular expression is not closed with '%'");
                }
                out.add(new Token(s.substring(i, j + 1), false));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length()
                        && !Character.isWhitespace(s.charAt(j))
                        && "()=!<>&|\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                if (j == i) {
                    throw new InvalidFilterPatternException("unexpected '" + c + "'");
                }
                out.add(new Token(s.substring(i, j), false));
                i = j;
            }
        }
        return out;
    }

    /** Recursive descent: or := and ('||' and)*; and := unary ('&&' unary)*; unary := '(' or ')' | test. */
    private static final class Parser {
        final List<Token> tokens;
        int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        Node or() {
            Node left = and();
            while (peek("||")) {
                at++;
                left = new Or(left, and());
            }
            return left;
        }

        Node and() {
            Node left = unary();
            while (peek("&&")) {
                at++;
                left = new And(left, unary());
            }
            return left;
        }

        Node unary() {
            if (peek("(")) {
                at++;
                Node inner = or();
                expect(")");
                return inner;
            }
            List<Object> path = selector(next("a selector such as $.level"));
            Token t = next("an operator");
            if (t.is("IS")) {
                Token what = next("TRUE, FALSE or NULL");
                if (!what.is("TRUE") && !what.is("FALSE") && !what.is("NULL")) {
                    throw new InvalidFilterPatternException("IS is followed by TRUE, FALSE or NULL");
                }
                return new Is(path, what.text());
            }
            if (t.is("EXISTS")) {
                return new Is(path, "EXISTS");
            }
            if (t.is("NOT")) {
                expect("EXISTS");
                return new Is(path, "NOT EXISTS");
            }
            Comparison.Operator op = t.quoted() ? null : Comparison.Operator.of(t.text());
            if (op == null) {
                throw new InvalidFilterPatternException("'" + t.text() + "' is not an operator");
            }
            Token value = next("a value");
            if (!value.quoted() && (value.is("&&") || value.is("||") || value.is("(") || value.is(")"))) {
                throw new InvalidFilterPatternException("'" + value.text() + "' where a value was expected");
            }
            return new Compare(path, Comparison.of(op, value.text(), value.quoted()));
        }

        boolean peek(String s) {
            return at < tokens.size() && tokens.get(at).is(s);
        }

        Token next(String what) {
            if (at >= tokens.size()) {
                throw new InvalidFilterPatternException("the pattern ends where " + what + " was expected");
            }
            return tokens.get(at++);
        }

        void expect(String s) {
            if (!next("'" + s + "'").is(s)) {
                throw new InvalidFilterPatternException("'" + s + "' was expected");
            }
        }
    }

    /** {@code $.a.b[0].c} as the steps {@code a}, {@code b}, {@code 0}, {@code c}. */
    static List<Object> selector(Token t) {
        String s = t.text();
        if (t.quoted() || !s.startsWith("$")) {
            throw new InvalidFilterPatternException("'" + s + "' is not a selector: selectors begin with $");
        }
        List<Object> path = new ArrayList<>();
        int i = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '.' && s.charAt(j) != '[') {
                    j++;
                }
                if (j == i + 1) {
                    throw new InvalidFilterPatternException("an empty name in the selector '" + s + "'");
                }
                path.add(s.substring(i + 1, j));
                i = j;
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                Integer index = close < 0 ? null : index(s.substring(i + 1, close));
                if (index == null) {
                    throw new InvalidFilterPatternException("a bad index in the selector '" + s + "'");
                }
                path.add(index);
                i = close + 1;
            } else {
                throw new InvalidFilterPatternException("'" + s + "' is not a selector");
            }
        }
        if (path.isEmpty()) {
            throw new InvalidFilterPatternException("the selector '$' names no field");
        }
        return path;
    }

    private static Integer index(String s) {
        try {
            int i = Integer.parseInt(s);
            return i < 0 ? null : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
