package dev.lamina.dynamodb.item;

import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.storage.Transaction;
import java.util.Map;
import java.util.Optional;

/**
 * Where items are kept: per table, under the {@link dev.lamina.dynamodb.attribute.KeyEncoding} bytes of
 * their hash and range key (an empty range for a table without one), so a partition's items come back
 * in range-key order. Every call runs in the caller's transaction.
 */
public interface ItemStore {
    Optional<Map<String, AttributeValue>> get(Transaction tx, String table, ItemKey key);

    /** Stores {@code item} under {@code key}, replacing what was there. */
    void put(Transaction tx, String table, ItemKey key, Map<String, AttributeValue> item, int size);

    void delete(Transaction tx, String table, ItemKey key);

    /** Removes all of a table's items (DeleteTable). */
    void deleteAll(Transaction tx, String table);

    /**
     * Visits one partition's items whose range key is in {@code range}, in range-key order
     * ({@code forward}) or reverse, until the visitor says stop.
     */
    void query(Transaction tx, String table, byte[] hash, KeyRange range, boolean forward, Visitor visitor);

    /**
     * Visits a table's items in key order (hash bytes, then range bytes) after {@code after}
     * ({@code null}: from the first), until the visitor says stop.
     */
    void scan(Transaction tx, String table, ItemKey after, Visitor visitor);

    /** How many items a table holds and their size in bytes. */
    Stats stats(Transaction tx, String table);

    record Stats(long count, long bytes) {}

    @FunctionalInterface
    interface Visitor {
        /** Takes one item; returns whether to go on. */
        boolean visit(ItemKey key, Map<String, AttributeValue> item, int size);
    }
}
