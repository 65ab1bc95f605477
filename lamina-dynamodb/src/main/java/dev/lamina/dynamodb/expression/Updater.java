package dev.lamina.dynamodb.expression;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.Numbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an UpdateExpression's actions to an item, as DynamoDB does: every SET value is computed on
 * the item as it was, then the SETs, REMOVEs (from the highest list index down, so indexes name the
 * elements as they were), ADDs and DELETEs are written. A SET to a list index past its end appends; a
 * DELETE that empties a set removes the attribute. Pure; safe from any thread.
 */
public final class Updater {
    private Updater() {}

    /**
     * The item {@code actions} make of {@code item} (empty when there was none).
     *
     * @throws AwsException a {@code ValidationException} for an operand of the wrong type, an attribute
     *     that does not exist, or a path through something that is not a map or list
     */
    public static Map<String, AttributeValue> apply(UpdateActions actions, Map<String, AttributeValue> item) {
        List<AttributeValue> values = new ArrayList<>();
        for (UpdateActions.Set set : actions.sets()) {
            AttributeValue v = Evaluator.value(set.value(), item);
            if (v == null) {
                throw Evaluator.missing();
            }
            values.add(v);
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>(item);
        for (int i = 0; i < values.size(); i++) {
            write(out, actions.sets().get(i).path(), values.get(i));
        }
        List<DocumentPath> removes = new ArrayList<>(actions.removes());
        removes.sort(Comparator.comparingInt(Updater::lastIndex).reversed());
        removes.forEach(path -> remove(out, path));
        for (UpdateActions.Add add : actions.adds()) {
            AttributeValue current = Evaluator.read(out, add.path());
            write(
                    out,
                    add.path(),
                    current == null
                            ? add.value().value()
                            : add(current, add.value().value()));
        }
        for (UpdateActions.Add delete : actions.deletes()) {
            AttributeValue current = Evaluator.read(out, delete.path());
            if (current != null) {
                AttributeValue left = subtract(current, delete.value().value());
                if (left == null) {
                    remove(out, delete.path());
                } else {
                    write(out, delete.path(), left);
                }
            }
        }
        return out;
    }

    private static int lastIndex(DocumentPath path) {
        return path.elements().getLast() instanceof DocumentPath.Index i ? i.index() : -1;
    }

    private static AttributeValue add(AttributeValue current, AttributeValue value) {
        return switch (current) {
            case AttributeValue.N n
            when value instanceof AttributeValue.N v ->
                new AttributeValue.N(Numbers.check(n.value().add(v.value())));
            case AttributeValue.SS s
            when value instanceof AttributeValue.SS v -> new AttributeValue.SS(union(s.value(), v.value()));
            case AttributeValue.NS s
            when value instanceof AttributeValue.NS v -> new AttributeValue.NS(union(s.value(), v.value()));
            case AttributeValue.BS s
            when value instanceof AttributeValue.BS v -> new AttributeValue.BS(union(s.value(), v.value()));
            default -> throw Evaluator.wrongType();
        };
    }

    /** What is left of the set {@code current} without {@code value}'s elements; {@code null} when nothing. */
    private static AttributeValue subtract(AttributeValue current, AttributeValue value) {
        AttributeValue left = switch (current) {
            case AttributeValue.SS s
            when value instanceof AttributeValue.SS v -> new AttributeValue.SS(minus(s.value(), v.value()));
            case AttributeValue.NS s
            when value instanceof AttributeValue.NS v -> new AttributeValue.NS(minus(s.value(), v.value()));
            case AttributeValue.BS s
            when value instanceof AttributeValue.BS v -> new AttributeValue.BS(minus(s.value(), v.value()));
            default -> throw Evaluator.wrongType();
        };
        return isEmpty(left) ? null : left;
    }

    private static boolean isEmpty(AttributeValue set) {
        return switch (set) {
            case AttributeValue.SS s -> s.value().isEmpty();
            case AttributeValue.NS s -> s.value().isEmpty();
            case AttributeValue.BS s -> s.value().isEmpty();
            default -> false;
        };
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static void write(Map<String, AttributeValue> item, DocumentPath path, AttributeValue value) {
        List<DocumentPath.Element> rest =
                path.elements().subList(1, path.elements().size());
        if (rest.isEmpty()) {
            item.put(path.attribute(), value);
            return;
        }
        AttributeValue top = item.get(path.attribute());
        if (top == null) {
            throw invalidPath();
        }
        item.put(path.attribute(), put(top, rest, value));
    }

    private static AttributeValue put(AttributeValue container, List<DocumentPath.Element> path, AttributeValue value) {
        DocumentPath.Element first = path.getFirst();
        List<DocumentPath.Element> rest = path.subList(1, path.size());
        if (first instanceof DocumentPath.Name name && container instanceof AttributeValue.M m) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            AttributeValue child = copy.get(name.name());
            if (!rest.isEmpty() && child == null) {
                throw invalidPath();
            }
            copy.put(name.name(), rest.isEmpty() ? value : put(child, rest, value));
            return new AttributeValue.M(copy);
        }
        if (first instanceof DocumentPath.Index index && container instanceof AttributeValue.L l) {
            List<AttributeValue> copy = new ArrayList<>(l.value());
            int i = index.index();
            if (rest.isEmpty()) {
                if (i < copy.size()) {
                    copy.set(i, value);
                } else {
                    copy.add(value);
                }
            } else {
                if (i >= copy.size()) {
                    throw invalidPath();
                }
                copy.set(i, put(copy.get(i), rest, value));
            }
            return new AttributeValue.L(copy);
        }
        throw invalidPath();
    }

    private static void remove(Map<String, AttributeValue> item, DocumentPath path) {
        List<DocumentPath.Element> rest =
                path.elements().subList(1, path.elements().size());
        if (rest.isEmpty()) {
            item.remove(path.attribute());
            return;
        }
        AttributeValue top = item.get(path.attribute());
        if (top != null) {
            item.put(path.attribute(), without(top, rest));
        }
    }

    private static AttributeValue without(AttributeValue container, List<DocumentPath.Element> path) {
        DocumentPath.Element first = path.getFirst();
        List<DocumentPath.Element> rest = path.subList(1, path.size());
        if (first instanceof DocumentPath.Name name && container instanceof AttributeValue.M m) {
            AttributeValue child = m.value().get(name.name());
            if (child == null) {
                return container;
            }
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (rest.isEmpty()) {
                copy.remove(name.name());
            } else {
                copy.put(name.name(), without(child, rest));
            }
            return new AttributeValue.M(copy);
        }
        if (first instanceof DocumentPath.Index index && container instanceof AttributeValue.L l) {
            int i = index.index();
            if (i >= l.value().size()) {
                return container;
            }
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (rest.isEmpty()) {
                copy.remove(i);
            } else {
                copy.set(i, without(copy.get(i), rest));
            }
            return new AttributeValue.L(copy);
        }
        return container;
    }

    private static AwsException invalidPath() {
        return AwsException.validation("The document path provided in the update expression is invalid for update");
    }
}
