package dev.lamina.dynamodb.partiql;

import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expression of a PartiQL statement: a condition, an operand, or a value. */
public sealed interface Expr {

    /** An attribute path: a name, then names ({@code .b}) and list positions ({@code [0]}). */
    record Path(List<Object> segments) implements Expr {
        public Path {
            segments = List.copyOf(segments);
            if (segments.isEmpty() || !(segments.getFirst() instanceof String)) {
                throw new IllegalArgumentException("a path starts with a name");
            }
        }

        public static Path of(String name) {
            return new Path(List.of(name));
        }

        /** The top-level attribute it names. */
        public String attribute() {
            return (String) segments.getFirst();
        }

        /** Whether it is a top-level attribute alone. */
        public boolean simple() {
            return segments.size() == 1;
        }
    }

    /** A value: literal, parameter, or a collection of values. */
    sealed interface Value extends Expr {}

    /** A literal scalar: {@code 'text'}, a number, {@code true}, {@code false}, {@code null}. */
    record Literal(AttributeValue value) implements Value {}

    /** The {@code index}th (from 0) {@code ?} of the statement. */
    record Parameter(int index) implements Value {}

    /** {@code [a, b]}. */
    record ListOf(List<Value> elements) implements Value {
        public ListOf {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {'a': x, 'b': y}}, in the order written. */
    record MapOf(Map<String, Value> entries) implements Value {
        public MapOf {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /** {@code <<a, b>>}: a string, number or binary set. */
    record SetOf(List<Value> elements) implements Value {
        public SetOf {
            elements = List.copyOf(elements);
        }
    }

    /** {@code name(args)}: a condition function, {@code size}, or an update function. */
    record Call(String name, List<Expr> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code left op right}, op one of {@code = <> < <= > >=}. */
    record Compare(String op, Expr left, Expr right) implements Expr {}

    /** {@code left + right} or {@code left - right} (in an UPDATE's SET). */
    record Arithmetic(String op, Expr left, Expr right) implements Expr {}

    record Between(Expr operand, Expr low, Expr high) implements Expr {}

    record In(Expr operand, List<Expr> candidates) implements Expr {
        public In {
            candidates = List.copyOf(candidates);
        }
    }

    /** {@code operand IS [NOT] MISSING|NULL}. */
    record Is(Expr operand, String type, boolean negated) implements Expr {}

    record And(Expr left, Expr right) implements Expr {}

    record Or(Expr left, Expr right) implements Expr {}

    record Not(Expr operand) implements Expr {}
}
