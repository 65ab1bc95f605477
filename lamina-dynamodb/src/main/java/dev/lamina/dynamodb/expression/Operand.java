package dev.lamina.dynamodb.expression;

import dev.lamina.dynamodb.attribute.AttributeValue;

/** What an expression compares, tests or assigns: a path, a value, or a function of them. */
public sealed interface Operand {
    /** An attribute of the item (absent when the item has nothing there). */
    record Path(DocumentPath path) implements Operand {}

    /** An entry of ExpressionAttributeValues. */
    record Value(AttributeValue value) implements Operand {}

    /** {@code size(path)}: a string's or binary's length, a set's, list's or map's element count. */
    record Size(DocumentPath path) implements Operand {}

    /** {@code if_not_exists(path, operand)}, in SET only. */
    record IfNotExists(DocumentPath path, Operand fallback) implements Operand {}

    /** {@code list_append(a, b)}, in SET only. */
    record ListAppend(Operand first, Operand second) implements Operand {}

    /** {@code a + b} or {@code a - b} on numbers, in SET only. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {}
}
