package dev.lamina.lambda.validation;

import dev.lamina.core.AwsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The broken model constraints of one request, reported together the way AWS's front end does:
 * {@code 1 validation error detected: Value '<v>' at '<member>' failed to satisfy constraint: <rule>},
 * or {@code N validation errors detected: } and the clauses joined by {@code "; "}. Values are
 * written as Java writes them: lists {@code [a, b]}, maps {@code {k=v}}, numbers in maps as doubles.
 *
 * <p>Used by one request thread; not shared.
 */
public final class Violations {
    private final List<String> clauses = new ArrayList<>();

    /** Checks a string member; {@code null} (absent) passes, as optional members do. */
    public Violations check(Constraint c, String value) {
        if (value != null) {
            for (String rule : c.broken(value)) {
                add(value, c.member(), rule);
            }
        }
        return this;
    }

    /** Checks a required string member: absent is "Member must not be null". */
    public Violations require(Constraint c, String value) {
        if (value == null) {
            clauses.add("Value null at '" + c.member() + "' failed to satisfy constraint: Member must not be null");
            return this;
        }
        return check(c, value);
    }

    public Violations check(Constraint c, Long value) {
        if (value != null) {
            for (String rule : c.broken(value)) {
                add(String.valueOf(value), c.member(), rule);
            }
        }
        return this;
    }

    /**
     * Checks a list member: its own length ({@code list}'s {@link Constraint#maxLength}) and each item
     * against {@code item}; one clause for any bad item, listing every item rule.
     */
    public Violations checkList(Constraint list, Constraint item, List<String> values) {
        if (values == null) {
            return this;
        }
        String rendered = "[" + String.join(", ", values) + "]";
        if (list.maxLength() != null && values.size() > list.maxLength()) {
            add(rendered, list.member(), "Member must have length less than or equal to " + list.maxLength());
        }
        if (list.minLength() != null && values.size() < list.minLength()) {
            add(rendered, list.member(), "Member must have length greater than or equal to " + list.minLength());
        }
        if (values.stream().anyMatch(v -> v == null || !item.broken(v).isEmpty())) {
            add(rendered, list.member(), "Member must satisfy constraint: " + item.asItemRule());
        }
        return this;
    }

    /** Checks a list whose items come from an enum, as AWS reports it without the item wrapper. */
    public Violations checkEnumList(Constraint item, List<String> values) {
        if (values != null && values.stream().anyMatch(v -> !item.broken(v).isEmpty())) {
            add("[" + String.join(", ", values) + "]", item.member(), item.enumRule());
        }
        return this;
    }

    /** Checks the keys of a map member against {@code key}, and its values with {@code valueRule}. */
    public Violations checkMap(Constraint key, Map<String, Double> map, String valueRule, boolean valuesOk) {
        if (map == null) {
            return this;
        }
        String rendered = render(map);
        if (map.keySet().stream().anyMatch(k -> !key.broken(k).isEmpty())) {
            add(rendered, key.member(), "Map keys must satisfy constraint: " + trimNull(key.asItemRule()));
        }
        if (!valuesOk) {
            add(rendered, key.member(), "Map value must satisfy constraint: " + valueRule);
        }
        return this;
    }

    /** Adds a clause for a rule the model states in words only. */
    public Violations add(String value, String member, String rule) {
        clauses.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + rule);
        return this;
    }

    public boolean any() {
        return !clauses.isEmpty();
    }

    /** Throws AWS's {@code ValidationException} when any constraint was broken. */
    public void throwIfAny() {
        if (any()) {
            throw AwsException.validation(message());
        }
    }

    /** The message AWS writes for these clauses. */
    public String message() {
        int n = clauses.size();
        return n
                + (n == 1 ? " validation error detected: " : " validation errors detected: ")
                + String.join("; ", clauses);
    }

    private static String render(Map<String, Double> map) {
        Collection<String> items = map.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        return "{" + String.join(", ", items) + "}";
    }

    /** Map keys are never null, so their rule list has no "must not be null". */
    private static String trimNull(String itemRule) {
        return itemRule.replace(", Member must not be null]", "]");
    }
}
