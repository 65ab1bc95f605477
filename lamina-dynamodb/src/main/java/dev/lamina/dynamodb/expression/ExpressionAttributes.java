package dev.lamina.dynamodb.expression;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A request's ExpressionAttributeNames and ExpressionAttributeValues, and which of them its expressions
 * used: DynamoDB refuses a request that defines one no expression uses ({@link #checkAllUsed}). One
 * instance serves all the expressions of one request; not thread-safe.
 */
public final class ExpressionAttributes {
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();
    private boolean anyExpression;

    /**
     * @param names ExpressionAttributeNames ({@code null}: none given)
     * @param values ExpressionAttributeValues ({@code null}: none given)
     * @throws AwsException when either is given empty, as DynamoDB refuses it
     */
    public ExpressionAttributes(Map<String, String> names, Map<String, AttributeValue> values) {
        if (names != null && names.isEmpty()) {
            throw AwsException.validation("ExpressionAttributeNames must not be empty");
        }
        if (values != null && values.isEmpty()) {
            throw AwsException.validation("ExpressionAttributeValues must not be empty");
        }
        this.names = names == null ? Map.of() : new LinkedHashMap<>(names);
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        checkKeys("ExpressionAttributeNames", this.names.keySet(), '#');
        checkKeys("ExpressionAttributeValues", this.values.keySet(), ':');
    }

    /** Each key is its sigil and a name's characters, as the expressions that use it are written. */
    private static void checkKeys(String parameter, Set<String> keys, char sigil) {
        for (String key : keys) {
            boolean ok = key.length() > 1 && key.charAt(0) == sigil;
            for (int i = 1; ok && i < key.length(); i++) {
                ok = Character.isLetterOrDigit(key.charAt(i)) || key.charAt(i) == '_';
            }
            if (!ok) {
                throw AwsException.validation(parameter + " contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        }
    }

    /** None given. */
    public static ExpressionAttributes none() {
        return new ExpressionAttributes(null, null);
    }

    /** The names given (none: empty). */
    public Map<String, String> names() {
        return Collections.unmodifiableMap(names);
    }

    /** The values given (none: empty). */
    public Map<String, AttributeValue> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Whether any names or values were given. */
    public boolean given() {
        return !names.isEmpty() || !values.isEmpty();
    }

    /** Notes that the request has an expression at all. */
    void expressionParsed() {
        anyExpression = true;
    }

    String name(String ref) {
        String name = names.get(ref);
        if (name == null) {
            throw new ExpressionException(
                    "An expression attribute name used in the document path is not defined; attribute name: " + ref);
        }
        usedNames.add(ref);
        return name;
    }

    AttributeValue value(String ref) {
        AttributeValue value = values.get(ref);
        if (value == null) {
            throw new ExpressionException(
                    "An expression attribute value used in expression is not defined; attribute value: " + ref);
        }
        usedValues.add(ref);
        return value;
    }

    /**
     * Refuses names or values that no expression of the request used, as DynamoDB does, once all its
     * expressions are parsed.
     */
    public void checkAllUsed() {
        if (!anyExpression && !names.isEmpty()) {
            throw AwsException.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!anyExpression && !values.isEmpty()) {
            throw AwsException.validation("ExpressionAttributeValues can only be specified when using expressions");
        }
        Set<String> unusedNames = new LinkedHashSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new LinkedHashSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw AwsException.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
