package dev.lamina.dynamodb.expression;

import java.util.List;

/** A condition (ConditionExpression, FilterExpression, KeyConditionExpression), as parsed. */
public sealed interface Condition {
    /** {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
    record Compare(Operand left, String operator, Operand right) implements Condition {}

    /** {@code x BETWEEN low AND high}: {@code low <= x <= high}. */
    record Between(Operand operand, Operand low, Operand high) implements Condition {}

    /** {@code x IN (a, b, ...)}: equal to any. */
    record In(Operand operand, List<Operand> candidates) implements Condition {}

    record And(Condition left, Condition right) implements Condition {}

    record Or(Condition left, Condition right) implements Condition {}

    record Not(Condition condition) implements Condition {}

    /**
     * One of the functions that is a condition: {@code attribute_exists(path)},
     * {@code attribute_not_exists(path)}, {@code attribute_type(path, type)},
     * {@code begins_with(a, prefix)}, {@code contains(a, b)}.
     */
    record Function(String name, List<Operand> arguments) implements Condition {}
}
