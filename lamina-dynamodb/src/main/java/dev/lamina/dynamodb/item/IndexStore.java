package dev.lamina.dynamodb.item;

import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.storage.Transaction;
import java.util.Map;

/**
 * Secondary indexes' rows: per table and index, an item's projection under the key bytes of its index
 * key, then its table key (so items sharing an index key are ordered by their table key, and each row
 * is unique). An item lacking an index key attribute has no row (a sparse index). Rows are written in
 * the transaction that writes the item. Every call runs in the caller's transaction.
 */
public interface IndexStore {
    /** The position of a row: the index key's bytes, then the item's table key. */
    record Position(byte[] hash, byte[] range, ItemKey item) {}

    void put(Transaction tx, String table, String index, Position at, Map<String, AttributeValue> projected, int size);

    void delete(Transaction tx, String table, String index, Position at);

    /** How many rows an index holds and their size in bytes. */
    ItemStore.Stats stats(Transaction tx, String table, String index);

    /** Removes all of a table's index rows (DeleteTable). */
    void deleteAll(Transaction tx, String table);

    /**
     * Visits one index partition's rows whose index range key is in {@code range}, in (index range,
     * table key) order or its reverse, starting after {@code after} ({@code null}: from the first).
     */
    void query(
            Transaction tx,
            String table,
            String index,
            byte[] hash,
            KeyRange range,
            boolean forward,
            Position after,
            ItemStore.Visitor visitor);

    /** Visits an index's rows in position order after {@code after} ({@code null}: from the first). */
    void scan(Transaction tx, String table, String index, Position after, ItemStore.Visitor visitor);
}
