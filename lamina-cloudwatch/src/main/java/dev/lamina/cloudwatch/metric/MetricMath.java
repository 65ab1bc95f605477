package dev.lamina.cloudwatch.metric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The basics of CloudWatch's metric math, for GetMetricData's {@code Expression}: numbers, the ids of
 * other queries, {@code + - * /}, parentheses, unary minus, and {@code SUM}, {@code AVG}, {@code MIN},
 * {@code MAX} over a series or a list {@code [a, b, …]} of series (point by point, over the
 * timestamps where any of them has a value). Between two series an operator keeps the timestamps both
 * have; between a series and a number, every point; a division by zero leaves its point out. Pure.
 *
 * <p>Example: with {@code err} = {10:00 → 2, 10:01 → 0} and {@code inv} = {10:00 → 8, 10:01 → 5},
 * {@code err/inv*100} is {10:00 → 25, 10:01 → 0}; {@code SUM([err, inv])} is {10:00 → 10, 10:01 → 5}.
 */
public final class MetricMath {
    /** A value: a number or a time series. */
    public sealed interface Value {}

    public record Number(double value) implements Value {}

    public record Series(NavigableMap<Instant, Double> points) implements Value {}

    private final String text;
    private final Function<String, Series> ids;
    private int at;

    private MetricMath(String text, Function<String, Series> ids) {
        this.text = text;
        this.ids = ids;
    }

    /**
     * Evaluates {@code expression}, reading the series an id names through {@code ids}; throws
     * InvalidParameterValue for text it cannot read.
     */
    public static Value evaluate(String expression, Function<String, Series> ids) {
        MetricMath math = new MetricMath(expression, ids);
        Value value = math.sum();
        math.space();
        if (math.at < expression.length()) {
            throw math.error();
        }
        return value;
    }

    /** The ids an expression names, in order (for its dependencies). */
    public static List<String> ids(String expression) {
        List<String> out = new ArrayList<>();
        evaluate(expression, id -> {
            out.add(id);
            return new Series(new TreeMap<>());
        });
        return out;
    }

    private Value sum() {
        return chain('+', Double::sum, '-', (a, b) -> a - b, this::product);
    }

    private Value product() {
        return chain('*', (a, b) -> a * b, '/', (a, b) -> b == 0 ? Double.NaN : a / b, this::unary);
    }

    /** Operands of one precedence level joined left to right by its two operators. */
    private Value chain(
            char one, DoubleBinaryOperator first, char other, DoubleBinaryOperator second, Supplier<Value> operand) {
        Value left = operand.get();
        for (space(); at < text.length(); space()) {
            char op = text.charAt(at);
            if (op != one && op != other) {
                break;
            }
            at++;
            left = combine(left, operand.get(), op == one ? first : second);
        }
        return left;
    }

    private Value unary() {
        space();
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
            return combine(new Number(0), unary(), (a, b) -> a - b);
        }
        return primary();
    }

    private Value primary() {
        space();
        if (at >= text.length()) {
            throw error();
        }
        char c = text.charAt(at);
        if (c == '(') {
            at++;
            Value inner = sum();
            expect(')');
            return inner;
        }
        if (Character.isDigit(c) || c == '.') {
            int start = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            try {
                return new Number(Double.parseDouble(text.substring(start, at)));
            } catch (NumberFormatException e) {
                throw error();
            }
        }
        if (Character.isLetter(c)) {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            String name = text.substring(start, at);
            space();
            if (at < text.length() && text.charAt(at) == '(') {
                at++;
                return function(name);
            }
            return ids.apply(name);
        }
        throw error();
    }

    private Value function(String name) {
        DoubleBinaryOperator fold = switch (name) {
            case "SUM", "AVG" -> Double::sum;
            case "MIN" -> Math::min;
            case "MAX" -> Math::max;
            default ->
                throw CloudWatchErrors.invalid("The function " + name + " in the expression " + text
                        + " is not supported: SUM, AVG, MIN and MAX are.");
        };
        List<Value> arguments = new ArrayList<>();
        space();
        if (at < text.length() && text.charAt(at) == '[') {
            at++;
            arguments.add(sum());
            for (space(); at < text.length() && text.charAt(at) == ','; space()) {
                at++;
                arguments.add(sum());
            }
            expect(']');
        } else {
            arguments.add(sum());
        }
        expect(')');
        TreeMap<Instant, Double> folded = new TreeMap<>();
        TreeMap<Instant, Integer> counts = new TreeMap<>();
        for (Value v : arguments) {
            if (!(v instanceof Series s)) {
                throw CloudWatchErrors.invalid(
                        "The function " + name + " in the expression " + text + " takes time series, not numbers.");
            }
            s.points().forEach((t, x) -> {
                folded.merge(t, x, fold::applyAsDouble);
                counts.merge(t, 1, Integer::sum);
            });
        }
        if (name.equals("AVG")) {
            folded.replaceAll((t, x) -> x / counts.get(t));
        }
        return new Series(folded);
    }

    private static Value combine(Value left, Value right, DoubleBinaryOperator op) {
        if (left instanceof Number a && right instanceof Number b) {
            return new Number(op.applyAsDouble(a.value(), b.value()));
        }
        TreeMap<Instant, Double> out = new TreeMap<>();
        if (left instanceof Series a && right instanceof Series b) {
            a.points().forEach((t, x) -> {
                Double y = b.points().get(t);
                if (y != null) {
                    put(out, t, op.applyAsDouble(x, y));
                }
            });
        } else if (left instanceof Series a && right instanceof Number b) {
            a.points().forEach((t, x) -> put(out, t, op.applyAsDouble(x, b.value())));
        } else if (left instanceof Number a && right instanceof Series b) {
            b.points().forEach((t, y) -> put(out, t, op.applyAsDouble(a.value(), y)));
        }
        return new Series(out);
    }

    private static void put(Map<Instant, Double> out, Instant t, double value) {
        if (Double.isFinite(value)) {
            out.put(t, value);
        }
    }

    private void expect(char c) {
        space();
        if (at >= text.length() || text.charAt(at) != c) {
            throw error();
        }
        at++;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private RuntimeException error() {
        return CloudWatchErrors.invalid("The expression " + text + " could not be read at position " + at + ".");
    }
}
