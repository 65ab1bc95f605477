package dev.lamina.lambda.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the API model allows for one request member, and the phrases AWS's front end uses for each
 * rule it breaks. Rules are checked in the model's order (length, then pattern, then enum), and
 * every broken one is its own clause, as AWS reports them.
 *
 * @param member the member's path as AWS's messages name it ({@code functionName},
 *     {@code routingConfig.additionalVersionWeights})
 * @param minLength the shortest string allowed, or {@code null}
 * @param maxLength the longest string allowed, or {@code null}
 * @param pattern the whole-value regular expression as AWS quotes it, or {@code null}
 * @param values the allowed values (an enum) in AWS's order, or empty
 * @param minValue the least number allowed, or {@code null}
 */
public record Constraint(
        String member, Integer minLength, Integer maxLength, String pattern, List<String> values, Long minValue) {

    public Constraint {
        values = List.copyOf(values);
    }

    public static Constraint of(String member) {
        return new Constraint(member, null, null, null, List.of(), null);
    }

    public Constraint length(Integer min, Integer max) {
        return new Constraint(member, min, max, pattern, values, minValue);
    }

    public Constraint pattern(String regex) {
        return new Constraint(member, minLength, maxLength, regex, values, minValue);
    }

    public Constraint oneOf(String... allowed) {
        return new Constraint(member, minLength, maxLength, pattern, List.of(allowed), minValue);
    }

    public Constraint atLeast(long min) {
        return new Constraint(member, minLength, maxLength, pattern, values, min);
    }

    /** The phrase of each rule {@code value} breaks, in the model's order; empty when it keeps them all. */
    public List<String> broken(String value) {
        List<String> out = new ArrayList<>();
        if (maxLength != null && value.length() > maxLength) {
            out.add("Member must have length less than or equal to " + maxLength);
        }
        if (minLength != null && value.length() < minLength) {
            out.add("Member must have length greater than or equal to " + minLength);
        }
        if (pattern != null && !compiled().matcher(value).matches()) {
            out.add("Member must satisfy regular expression pattern: " + pattern);
        }
        if (!values.isEmpty() && !values.contains(value)) {
            out.add(enumRule());
        }
        return out;
    }

    /** The phrase for a number below {@link #minValue}, or none. */
    public List<String> broken(long value) {
        return minValue != null && value < minValue
                ? List.of("Member must have value greater than or equal to " + minValue)
                : List.of();
    }

    /**
     * Every rule of this constraint as AWS lists them for an item of a list or map ({@code Member must
     * satisfy constraint: [...]}), ending with "Member must not be null".
     */
    public String asItemRule() {
        List<String> rules = new ArrayList<>();
        if (maxLength != null) {
            rules.add("Member must have length less than or equal to " + maxLength);
        }
        if (minLength != null) {
            rules.add("Member must have length greater than or equal to " + minLength);
        }
        if (pattern != null) {
            rules.add("Member must satisfy regular expression pattern: " + pattern);
        }
        if (!values.isEmpty()) {
            rules.add(enumRule());
        }
        rules.add("Member must not be null");
        return "[" + String.join(", ", rules) + "]";
    }

    /** {@code Member must satisfy enum value set: [a, b]}. */
    public String enumRule() {
        return "Member must satisfy enum value set: [" + String.join(", ", values) + "]";
    }

    private Pattern compiled() {
        return Patterns.compile(pattern);
    }
}
