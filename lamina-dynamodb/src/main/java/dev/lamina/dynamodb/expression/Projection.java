package dev.lamina.dynamodb.expression;

import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of an item that some paths name (ProjectionExpression, and UPDATED_OLD/UPDATED_NEW): maps
 * keep the named keys, lists the named elements in index order (closing up the gaps), as DynamoDB
 * answers {@code a.b[2]} with {@code {a: {b: [element 2]}}}. Pure; safe from any thread.
 */
public final class Projection {
    private Projection() {}

    /** The attributes of {@code item} that {@code paths} name; paths naming nothing are left out. */
    public static Map<String, AttributeValue> of(Map<String, AttributeValue> item, List<DocumentPath> paths) {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (DocumentPath path : paths) {
            AttributeValue value = Evaluator.read(item, path);
            if (value != null) {
                place(tree, path.elements(), value);
            }
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        tree.forEach((name, node) -> out.put(name, build(node)));
        return out;
    }

    /** Puts {@code value} in a tree of maps (by name) and sorted maps (by index) along {@code path}. */
    @SuppressWarnings("unchecked")
    private static void place(Object tree, List<DocumentPath.Element> path, AttributeValue value) {
        Object key = switch (path.getFirst()) {
            case DocumentPath.Name n -> n.name();
            case DocumentPath.Index i -> i.index();
        };
        Map<Object, Object> map = (Map<Object, Object>) tree;
        if (path.size() == 1) {
            map.put(key, value);
            return;
        }
        Object child = map.get(key);
        if (child == null || child instanceof AttributeValue) {
            child = path.get(1) instanceof DocumentPath.Index ? new TreeMap<Integer, Object>() : new LinkedHashMap<>();
            map.put(key, child);
        }
        place(child, path.subList(1, path.size()), value);
    }

    @SuppressWarnings("unchecked")
    private static AttributeValue build(Object node) {
        if (node instanceof AttributeValue v) {
            return v;
        }
        if (node instanceof TreeMap<?, ?> byIndex) {
            List<AttributeValue> list = new ArrayList<>();
            byIndex.values().forEach(v -> list.add(build(v)));
            return new AttributeValue.L(list);
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        ((Map<String, Object>) node).forEach((k, v) -> map.put(k, build(v)));
        return new AttributeValue.M(map);
    }
}
