package dev.lamina.dynamodb.expression;

import java.util.List;

/**
 * A path into an item: a top-level attribute's name, then map keys and list indexes
 * ({@code a.b[0]} is {@code [Name a, Name b, Index 0]}), names already resolved from
 * ExpressionAttributeNames.
 */
public record DocumentPath(List<Element> elements) {
    public DocumentPath {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.getFirst() instanceof Name)) {
            throw new IllegalArgumentException("a path starts with an attribute's name");
        }
    }

    /** A path of one top-level attribute. */
    public static DocumentPath of(String attribute) {
        return new DocumentPath(List.of(new Name(attribute)));
    }

    public sealed interface Element {}

    public record Name(String name) implements Element {}

    public record Index(int index) implements Element {}

    /** The top-level attribute the path starts at. */
    public String attribute() {
        return ((Name) elements.getFirst()).name();
    }

    /** Whether this path is {@code other} or leads into it, or the other way round. */
    boolean overlaps(DocumentPath other) {
        int n = Math.min(elements.size(), other.elements.size());
        return elements.subList(0, n).equals(other.elements.subList(0, n));
    }

    /** As DynamoDB's messages show a path: {@code [a, b, [0]]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(
                    switch (elements.get(i)) {
                        case Name n -> n.name();
                        case Index x -> "[" + x.index() + "]";
                    });
        }
        return out.append(']').toString();
    }
}
