package dev.lamina.logs.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * A space-delimited filter pattern: {@code [ip, user, ..., status=5*, size>1000]} names the fields
 * of a message split at spaces (a run in double quotes or in square brackets is one field), tests
 * some of them with a {@link Comparison}, and {@code ...} stands for any number of fields. Without
 * {@code ...} the message must have exactly as many fields as the pattern.
 *
 * <p>Example: {@code [ip, id, user, timestamp, request, status_code=4*, size]} matches {@code
 * 127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534}.
 */
record DelimitedFilter(List<Field> fields) implements FilterPattern {

    /** One field of the pattern: {@code ...}, a bare name, or a name with a comparison. */
    record Field(boolean ellipsis, Comparison comparison) {}

    static DelimitedFilter parse(String pattern) {
        if (!pattern.endsWith("]")) {
            throw new InvalidFilterPatternException("a space-delimited pattern is closed with ']'");
        }
        String inside = pattern.substring(1, pattern.length() - 1).strip();
        if (inside.isEmpty()) {
            throw new InvalidFilterPatternException("an empty space-delimited pattern");
        }
        List<Field> fields = new ArrayList<>();
        for (String part : inside.split(",", -1)) {
            fields.add(field(part.strip()));
        }
        return new DelimitedFilter(fields);
    }

    private static Field field(String s) {
        if (s.equals("...")) {
            return new Field(true, null);
        }
        int op = 0;
        while (op < s.length() && "=!<>".indexOf(s.charAt(op)) < 0) {
            op++;
        }
        String name = s.substring(0, op).strip();
        if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
            throw new InvalidFilterPatternException("'" + s + "' is not a field of a space-delimited pattern");
        }
        if (op == s.length()) {
            return new Field(false, null);
        }
        int value = op + 1;
        if (value < s.length() && s.charAt(value) == '=') {
            value++;
        }
        Comparison.Operator operator = Comparison.Operator.of(s.substring(op, value));
        String v = s.substring(value).strip();
        if (operator == null || v.isEmpty()) {
            throw new InvalidFilterPatternException("'" + s + "' has no operator and value");
        }
        boolean quoted = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"");
        return new Field(false, Comparison.of(operator, quoted ? v.substring(1, v.length() - 1) : v, quoted));
    }

    @Override
    public boolean matches(String message) {
        return match(0, split(message), 0);
    }

    private boolean match(int f, List<String> words, int w) {
        if (f == fields.size()) {
            return w == words.size();
        }
        Field field = fields.get(f);
        if (field.ellipsis()) {
            for (int skip = w; skip <= words.size(); skip++) {
                if (match(f + 1, words, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (w == words.size()) {
            return false;
        }
        return (field.comparison() == null || field.comparison().test(words.get(w))) && match(f + 1, words, w + 1);
    }

    /** The message's fields: split at spaces, a {@code "…"} or {@code […]} run kept whole (without its quotes). */
    static List<String> split(String message) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            char close = c == '"' ? '"' : c == '[' ? ']' : 0;
            int end = close == 0 ? -1 : message.indexOf(close, i + 1);
            if (end > 0) {
                words.add(message.substring(i + 1, end));
                i = end + 1;
            } else {
                int j = i;
                while (j < message.length() && message.charAt(j) != ' ' && message.charAt(j) != '\t') {
                    j++;
                }
                words.add(message.substring(i, j));
                i = j;
            }
        }
        return words;
    }
}
