package dev.lamina.dynamodb.item;

import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.KeyEncoding;
import dev.lamina.dynamodb.table.KeyAttribute;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.storage.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a table's secondary indexes in step with its items: for each index, the old image's row goes
 * and the new image's row comes, in the transaction of the item's change. An image lacking one of the
 * index's key attributes has no row. A row holds what the index projects: the table's and the index's
 * key attributes ({@code KEYS_ONLY}), those and the {@code NonKeyAttributes} ({@code INCLUDE}), or the
 * whole item ({@code ALL}).
 */
public final class IndexRows {
    private IndexRows() {}

    /** Moves each index's row of the item with {@code key} from {@code oldImage} to {@code newImage}. */
    public static void change(
            IndexStore store,
            Transaction tx,
            Table table,
            ItemKey key,
            Map<String, AttributeValue> oldImage,
            Map<String, AttributeValue> newImage) {
        for (Table.Index index : table.indexes()) {
            IndexStore.Position before = position(index, key, oldImage);
            if (before != null) {
                store.delete(tx, table.name(), index.name(), before);
            }
            IndexStore.Position after = position(index, key, newImage);
            if (after != null) {
                Map<String, AttributeValue> projected = project(table, index, newImage);
                store.put(tx, table.name(), index.name(), after, projected, ItemKeys.checkSize(projected, ""));
            }
        }
    }

    /** Where {@code item} sits in {@code index}; {@code null} when it lacks an index key attribute. */
    public static IndexStore.Position position(Table.Index index, ItemKey key, Map<String, AttributeValue> item) {
        byte[] hash = part(index.key().hash(), item);
        if (hash == null) {
            return null;
        }
        byte[] range =
                index.key().range() == null ? new byte[0] : part(index.key().range(), item);
        return range == null ? null : new IndexStore.Position(hash, range, key);
    }

    private static byte[] part(KeyAttribute attribute, Map<String, AttributeValue> item) {
        AttributeValue value = item.get(attribute.name());
        return value == null || !value.type().equals(attribute.type()) ? null : KeyEncoding.encode(value);
    }

    /** What {@code index} keeps of {@code item}. */
    static Map<String, AttributeValue> project(Table table, Table.Index index, Map<String, AttributeValue> item) {
        if (index.projection().equals("ALL")) {
            return item;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (String name : table.key().names()) {
            out.put(name, item.get(name));
        }
        for (String name : index.key().names()) {
            out.put(name, item.get(name));
        }
        for (String name : index.nonKeyAttributes()) {
            if (item.containsKey(name)) {
                out.put(name, item.get(name));
            }
        }
        return out;
    }
}
