package dev.lamina.dynamodb.table;

import java.util.ArrayList;
import java.util.List;

/**
 * A table's or index's key: a hash (partition) attribute and, optionally, a range (sort) attribute.
 *
 * @param range {@code null} when the key is the hash attribute alone
 */
public record KeySchema(KeyAttribute hash, KeyAttribute range) {
    public KeySchema {
        java.util.Objects.requireNonNull(hash, "hash");
    }

    /** The key's attribute names, hash first. */
    public List<String> names() {
        List<String> out = new ArrayList<>(2);
        out.add(hash.name());
        if (range != null) {
            out.add(range.name());
        }
        return out;
    }
}
