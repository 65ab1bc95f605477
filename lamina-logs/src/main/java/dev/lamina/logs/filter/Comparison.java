package dev.lamina.logs.filter;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One comparison of a field with a value, shared by JSON and space-delimited patterns: {@code = "ERROR"},
 * {@code != 200}, {@code > 100}, {@code = 5*} (a wildcard), {@code = %^5\d\d$%} (a regular expression).
 * A number compares numerically with a field that reads as a number; a string compares by text, with
 * {@code *} standing for any characters; {@code <}, {@code <=}, {@code >} and {@code >=} take numbers only.
 */
record Comparison(Operator operator, String text, BigDecimal number, Pattern regex) {

    enum Operator {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        static Operator of(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            return null;
        }
    }

    /**
     * A comparison with a value as written: quoted (a string), {@code %…%} (a regular expression), or
     * bare (a number if it reads as one, else a string).
     */
    static Comparison of(Operator op, String value, boolean quoted) {
        if (!quoted && value.length() >= 2 && value.startsWith("%") && value.endsWith("%")) {
            requireEquality(op, value);
            return new Comparison(op, null, null, FilterPattern.Regex.compile(value.substring(1, value.length() - 1)));
        }
        BigDecimal number = quoted ? null : number(value);
        if (number == null) {
            requireEquality(op, value);
            if (value.indexOf('*') >= 0) {
                return new Comparison(op, value, null, wildcard(value));
            }
        }
        return new Comparison(op, value, number, null);
    }

    private static void requireEquality(Operator op, String value) {
        if (op != Operator.EQ && op != Operator.NE) {
            throw new InvalidFilterPatternException("'" + op.symbol + "' compares numbers, not '" + value + "'");
        }
    }

    static BigDecimal number(String s) {
        if (s.isEmpty() || !(Character.isDigit(s.charAt(0)) || s.charAt(0) == '-' || s.charAt(0) == '+')) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a field's value, as text, passes; {@code null} (an absent field) never does. */
    boolean test(String field) {
        if (field == null) {
            return false;
        }
        boolean equal;
        if (regex != null) {
            equal = regex.matcher(field).find();
        } else if (number != null) {
            BigDecimal f = number(field);
            if (f == null) {
                return operator == Operator.NE;
            }
            int c = f.compareTo(number);
            return switch (operator) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        } else {
            equal = text.equals(field);
        }
        return operator == Operator.EQ ? equal : !equal;
    }

    /** {@code *} stands for any run of characters; the rest is compared exactly. */
    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.append('$').toString(), Pattern.DOTALL);
    }
}
