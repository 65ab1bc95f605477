package dev.lamina.logs.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A CloudWatch Logs filter pattern, parsed once and matched against each event's message
 * (FilterLogEvents' {@code filterPattern}). Four forms, chosen by the pattern's first character:
 *
 * <ul>
 *   <li>Terms: {@code ERROR Exception} (every term occurs), {@code "out of memory"} (a quoted
 *       phrase), {@code ?ERROR ?WARN} (at least one of the {@code ?} terms occurs), {@code -DEBUG}
 *       (the term does not occur). Terms are case-sensitive and match anywhere in the message, as on
 *       CloudWatch: {@code ERROR} matches {@code [ERROR]} but not {@code error}.
 *   <li>A regular expression between percent signs: {@code %time(out|d out)%}, found anywhere.
 *   <li>A JSON pattern in braces: {@code { $.level = "ERROR" && $.latency > 100 }}, see {@link
 *       JsonFilter}; a message that is not a JSON object never matches one.
 *   <li>A space-delimited pattern in brackets: {@code [ip, user, status=5*, size>1000]}, see {@link
 *       DelimitedFilter}.
 * </ul>
 *
 * Example: {@code ?ERROR ?WARN -Retrying} matches {@code "WARN disk low"} and {@code "[ERROR] boom"}
 * but neither {@code "WARN Retrying upload"} nor {@code "INFO ok"}. An empty or blank pattern matches
 * everything. Caveat: how CloudWatch weighs {@code ?} terms against plain ones in one pattern is not
 * documented; here the plain terms must all occur and, when there are {@code ?} terms, one of them too.
 */
public sealed interface FilterPattern
        permits FilterPattern.Everything, FilterPattern.Terms, FilterPattern.Regex, JsonFilter, DelimitedFilter {

    /** Whether an event with this message passes the pattern. */
    boolean matches(String message);

    /**
     * Parses a pattern.
     *
     * @throws InvalidFilterPatternException when the pattern is malformed
     */
    static FilterPattern parse(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return new Everything();
        }
        String p = pattern.strip();
        return switch (p.charAt(0)) {
            case '{' -> JsonFilter.parse(p);
            case '[' -> DelimitedFilter.parse(p);
            case '%' -> Regex.parse(p);
            default -> Terms.parse(p);
        };
    }

    /** The empty pattern. */
    record Everything() implements FilterPattern {
        @Override
        public boolean matches(String message) {
            return true;
        }
    }

    /** {@code %regex%}: the expression found anywhere in the message. */
    record Regex(Pattern regex) implements FilterPattern {
        static Regex parse(String p) {
            if (p.length() < 2 || !p.endsWith("%")) {
                throw new InvalidFilterPatternException("a regular expression is written between two % signs");
            }
            return new Regex(compile(p.substring(1, p.length() - 1)));
        }

        static Pattern compile(String regex) {
            if (regex.isEmpty()) {
                throw new InvalidFilterPatternException("the regular expression is empty");
            }
            try {
                return Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new InvalidFilterPatternException("the regular expression is malformed: " + e.getDescription());
            }
        }

        @Override
        public boolean matches(String message) {
            return regex.matcher(message).find();
        }
    }

    /** Terms and phrases: all of {@code required}, one of {@code optional} if any, none of {@code excluded}. */
    record Terms(List<String> required, List<String> optional, List<String> excluded) implements FilterPattern {
        public Terms {
            required = List.copyOf(required);
            optional = List.copyOf(optional);
            excluded = List.copyOf(excluded);
        }

        static Terms parse(String p) {
            List<String> required = new ArrayList<>();
            List<String> optional = new ArrayList<>();
            List<String> excluded = new ArrayList<>();
            int i = 0;
            while (i < p.length()) {
                char c = p.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                List<String> into = required;
                if (c == '?' || c == '-') {
                    into = c == '?' ? optional : excluded;
                    i++;
                    if (i == p.length() || Character.isWhitespace(p.charAt(i))) {
                        throw new InvalidFilterPatternException("'" + c + "' is not followed by a term");
                    }
                }
                int[] end = new int[1];
                into.add(term(p, i, end));
                i = end[0];
            }
            return new Terms(required, optional, excluded);
        }

        /** The term or quoted phrase at {@code from}; its end goes to {@code end[0]}. */
        private static String term(String p, int from, int[] end) {
            if (p.charAt(from) != '"') {
                int i = from;
                while (i < p.length() && !Character.isWhitespace(p.charAt(i))) {
                    char c = p.charAt(i);
                    if (c == '"' || c == '{' || c == '}' || c == '[' || c == ']') {
                        throw new InvalidFilterPatternException("'" + c + "' in a term: quote the term");
                    }
                    i++;
                }
                end[0] = i;
                return p.substring(from, i);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = from + 1; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c == '\\' && i + 1 < p.length()) {
                    sb.append(p.charAt(++i));
                } else if (c == '"') {
                    end[0] = i + 1;
                    if (sb.isEmpty()) {
                        throw new InvalidFilterPatternException("an empty quoted phrase");
                    }
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            throw new InvalidFilterPatternException("a quoted phrase is not closed");
        }

        @Override
        public boolean matches(String message) {
            for (String t : required) {
                if (!message.contains(t)) {
                    return false;
                }
            }
            for (String t : excluded) {
                if (message.contains(t)) {
                    return false;
                }
            }
            if (optional.isEmpty()) {
                return true;
            }
            for (String t : optional) {
                if (message.contains(t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
