package dev.lamina.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * An UpdateExpression as parsed: its SET, REMOVE, ADD and DELETE actions, each clause at most once.
 */
public record UpdateActions(List<Set> sets, List<DocumentPath> removes, List<Add> adds, List<Add> deletes) {
    public UpdateActions {
        sets = List.copyOf(sets);
        removes = List.copyOf(removes);
        adds = List.copyOf(adds);
        deletes = List.copyOf(deletes);
    }

    /** {@code SET path = value}. */
    public record Set(DocumentPath path, Operand value) {}

    /** {@code ADD path :value} or {@code DELETE path :value}. */
    public record Add(DocumentPath path, Operand.Value value) {}

    /** Every path an action writes, in the order written. */
    public List<DocumentPath> paths() {
        List<DocumentPath> out = new ArrayList<>();
        sets.forEach(s -> out.add(s.path()));
        out.addAll(removes);
        adds.forEach(a -> out.add(a.path()));
        deletes.forEach(a -> out.add(a.path()));
        return out;
    }
}
