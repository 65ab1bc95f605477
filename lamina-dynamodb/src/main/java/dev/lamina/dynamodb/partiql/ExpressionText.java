package dev.lamina.dynamodb.partiql;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes PartiQL conditions, operands and paths as DynamoDB expression text, every name as a
 * {@code #nK} and every value as a {@code :vK} it defines, so the text holds nothing of the user's
 * and the module's own expression parser ({@code expression.Expressions}) reads it into the trees that
 * {@code Evaluator} and {@code Updater} run. Example: {@code a.b[1] = 'x' AND size(c) > ?} with the
 * parameter {@code 3} becomes {@code #n0.#n1[1] = :v0 AND size(#n2) > :v1}. One instance serves the
 * expressions of one request.
 */
final class ExpressionText {
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");

    private final List<AttributeValue> parameters;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();

    ExpressionText(List<AttributeValue> parameters) {
        this.parameters = parameters;
    }

    Map<String, String> names() {
        return Map.copyOf(names);
    }

    Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }

    String name(String attribute) {
        String ref = "#n" + names.size();
        names.put(ref, attribute);
        return ref;
    }

    String value(AttributeValue value) {
        String ref = ":v" + values.size();
        values.put(ref, value);
        return ref;
    }

    String path(Expr.Path path) {
        StringBuilder out = new StringBuilder(name(path.attribute()));
        for (Object segment : path.segments().subList(1, path.segments().size())) {
            if (segment instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append('.').append(name((String) segment));
            }
        }
        return out.toString();
    }

    /** A WHERE clause (or part of one) as a ConditionExpression. */
    String condition(Expr e) {
        return switch (e) {
            case Expr.And and -> "(" + condition(and.left()) + ") AND (" + condition(and.right()) + ")";
            case Expr.Or or -> "(" + condition(or.left()) + ") OR (" + condition(or.right()) + ")";
            case Expr.Not not -> "NOT (" + condition(not.operand()) + ")";
            case Expr.Compare c -> operand(c.left()) + " " + c.op() + " " + operand(c.right());
            case Expr.Between b -> operand(b.operand()) + " BETWEEN " + operand(b.low()) + " AND " + operand(b.high());
            case Expr.In in ->
                operand(in.operand()) + " IN ("
                        + in.candidates().stream().map(this::operand).collect(Collectors.joining(", ")) + ")";
            case Expr.Is is -> is(is);
            case Expr.Call call -> function(call);
            default ->
                throw AwsException.validation("WHERE clause must contain an expression that resolves to a boolean");
        };
    }

    private String is(Expr.Is is) {
        if (!(is.operand() instanceof Expr.Path path)) {
            throw AwsException.validation(
                    "The left hand side argument to IS must be a Variable Reference, Literal, or Path");
        }
        if (is.type().equals("MISSING")) {
            return (is.negated() ? "attribute_exists(" : "attribute_not_exists(") + path(path) + ")";
        }
        String test = "attribute_type(" + path(path) + ", " + value(new AttributeValue.S("NULL")) + ")";
        return is.negated() ? "NOT " + test : test;
    }

    private String function(Expr.Call call) {
        String name = call.name();
        if (name.equals("exists")) {
            throw AwsException.validation("EXISTS can only be used in ExecuteTransaction write requests.");
        }
        if (name.equals("missing")) {
            name = "attribute_not_exists";
        }
        if (!CONDITION_FUNCTIONS.contains(name)) {
            throw AwsException.validation("Unrecognized function: " + call.name());
        }
        return name + "(" + call.arguments().stream().map(this::operand).collect(Collectors.joining(", ")) + ")";
    }

    /** An operand of a condition: a path, a value, or {@code size(path)}. */
    String operand(Expr e) {
        return switch (e) {
            case Expr.Path path -> path(path);
            case Expr.Value v -> value(resolve(v));
            case Expr.Call call
            when call.name().equals("size") && call.arguments().size() == 1 ->
                "size(" + operand(call.arguments().getFirst()) + ")";
            case Expr.Call call -> throw AwsException.validation("Unrecognized function: " + call.name());
            default -> throw AwsException.validation("Unsupported operator in Condition Expression. Operator: " + e);
        };
    }

    /** A term of an UPDATE's SET: a value, a path, a sum or difference, list_append, if_not_exists. */
    String term(Expr e) {
        return switch (e) {
            case Expr.Arithmetic a -> term(a.left()) + " " + a.op() + " " + term(a.right());
            case Expr.Call call
            when call.name().equals("list_append") || call.name().equals("if_not_exists") ->
                call.name() + "(" + call.arguments().stream().map(this::term).collect(Collectors.joining(", ")) + ")";
            case Expr.Call call -> throw AwsException.validation("Unrecognized function: " + call.name());
            default -> operand(e);
        };
    }

    /** A value with its parameters bound. */
    AttributeValue resolve(Expr.Value v) {
        return switch (v) {
            case Expr.Literal l -> l.value();
            case Expr.Parameter p -> parameters.get(p.index());
            case Expr.ListOf list ->
                new AttributeValue.L(list.elements().stream().map(this::resolve).toList());
            case Expr.MapOf map -> {
                Map<String, AttributeValue> out = new LinkedHashMap<>();
                map.entries().forEach((k, x) -> out.put(k, resolve(x)));
                yield new AttributeValue.M(out);
            }
            case Expr.SetOf set ->
                set(set.elements().stream().map(this::resolve).toList());
        };
    }

    private static AttributeValue set(List<AttributeValue> elements) {
        String type = elements.getFirst().type();
        if (!elements.stream().allMatch(x -> x.type().equals(type))
                || !(type.equals("S") || type.equals("N") || type.equals("B"))) {
            throw AwsException.validation(
                    "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
        }
        return switch (type) {
            case "S" ->
                new AttributeValue.SS(elements.stream()
                        .map(x -> ((AttributeValue.S) x).value())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
            case "N" ->
                new AttributeValue.NS(elements.stream()
                        .map(x -> ((AttributeValue.N) x).value())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
            default ->
                new AttributeValue.BS(elements.stream()
                        .map(x -> ((AttributeValue.B) x).value())
                        .collect(Collectors.toCollection(LinkedHashSet::new)));
        };
    }

    /** The conjuncts of {@code where}: its operands at the top, split at AND. */
    static List<Expr> conjuncts(Expr where) {
        List<Expr> out = new ArrayList<>();
        if (where instanceof Expr.And and) {
            out.addAll(conjuncts(and.left()));
            out.addAll(conjuncts(and.right()));
        } else if (where != null) {
            out.add(where);
        }
        return out;
    }
}
