package dev.lamina.dynamodb;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.expression.Condition;
import dev.lamina.dynamodb.expression.DocumentPath;
import dev.lamina.dynamodb.expression.Evaluator;
import dev.lamina.dynamodb.expression.ExpressionAttributes;
import dev.lamina.dynamodb.expression.Expressions;
import dev.lamina.dynamodb.expression.Projection;
import dev.lamina.dynamodb.expression.UpdateActions;
import dev.lamina.dynamodb.expression.Updater;
import dev.lamina.dynamodb.item.IndexRows;
import dev.lamina.dynamodb.item.IndexStore;
import dev.lamina.dynamodb.item.ItemKey;
import dev.lamina.dynamodb.item.ItemKeys;
import dev.lamina.dynamodb.item.ItemStore;
import dev.lamina.dynamodb.stream.StreamLog;
import dev.lamina.dynamodb.table.DynamoDbErrors;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.dynamodb.table.TableStore;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * DynamoDB's single-item operations: PutItem, GetItem, UpdateItem, DeleteItem. Each write reads the
 * item, tests its condition and writes the new item in one transaction, so a write is atomic and a
 * failed condition or a malformed update changes nothing. Every change goes through
 * {@link #change}, which sees the old and the new image together and appends the change's stream
 * record in the same transaction; only Time to Live's removals go through {@link #expire}, whose
 * record names the service. Called on request threads (and the Time to Live sweep).
 */
public final class Items {
    private static final Set<String> UPDATE_RETURN_VALUES =
            Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

    private final Transactions db;
    private final TableStore tables;
    private final ItemStore items;
    private final IndexStore indexes;
    private final StreamLog streams;

    /** @param streams where each change's stream record goes */
    public Items(Transactions db, Stores stores, StreamLog streams) {
        this.db = db;
        this.tables = stores.tables();
        this.items = stores.items();
        this.indexes = stores.indexes();
        this.streams = streams;
    }

    /**
     * What a write answers with: ReturnValues ({@code null}: NONE), and whether a failed condition
     * answers the item it failed on (ReturnValuesOnConditionCheckFailure ALL_OLD).
     */
    public record Returns(String values, boolean oldItemOnConditionFailure) {
        /** From the request's two parameters, checked as DynamoDB checks them. */
        public static Returns of(String returnValues, String onConditionCheckFailure) {
            if (onConditionCheckFailure != null
                    && !onConditionCheckFailure.equals("ALL_OLD")
                    && !onConditionCheckFailure.equals("NONE")) {
                throw AwsException.validation("1 validation error detected: Value '" + onConditionCheckFailure
                        + "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [ALL_OLD, NONE]");
            }
            return new Returns(returnValues, "ALL_OLD".equals(onConditionCheckFailure));
        }
    }

    /** A write's condition ({@code null}: none) and whether its failure answers the old item. */
    record Guard(Condition condition, boolean oldItemOnFailure) {
        static final Guard NONE = new Guard(null, false);
    }

    /** An item change: the images before and after (empty: none). */
    public record Change(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {}

    /**
     * PutItem: stores {@code item} whole, if {@code condition} ({@code null}: none) holds for the item
     * it replaces; answers the old item when {@code returnValues} is ALL_OLD, else nothing.
     */
    public Map<String, AttributeValue> put(
            String tableName,
            Map<String, AttributeValue> item,
            String condition,
            ExpressionAttributes attributes,
            Returns returnValues) {
        String returns = returnValues(returnValues.values(), false);
        Condition test = condition(condition, attributes);
        attributes.checkAllUsed();
        return db.transaction(tx -> {
            Table table = table(tx, tableName);
            ItemKey key = ItemKeys.itemKey(table, item);
            ItemKeys.checkKeySizes(table, item);
            ItemKeys.checkSize(item, "Item size has exceeded the maximum allowed size");
            Change change =
                    change(tx, table, key, new Guard(test, returnValues.oldItemOnConditionFailure()), old -> item);
            return returns.equals("ALL_OLD") ? change.oldImage() : Map.<String, AttributeValue>of();
        });
    }

    /** GetItem: the item with {@code key}, projected when {@code projection} is given. */
    public Optional<Map<String, AttributeValue>> get(
            String tableName, Map<String, AttributeValue> key, String projection, ExpressionAttributes attributes) {
        List<DocumentPath> paths = projection(projection, attributes);
        attributes.checkAllUsed();
        return db.read(tx -> {
            Table table = table(tx, tableName);
            return items.get(tx, table.name(), ItemKeys.key(table, key))
                    .map(item -> paths == null ? item : Projection.of(item, paths));
        });
    }

    /** DeleteItem: removes the item with {@code key} if {@code condition} holds; ALL_OLD answers it. */
    public Map<String, AttributeValue> delete(
            String tableName,
            Map<String, AttributeValue> key,
            String condition,
            ExpressionAttributes attributes,
            Returns returnValues) {
        String returns = returnValues(returnValues.values(), false);
        Condition test = condition(condition, attributes);
        attributes.checkAllUsed();
        return db.transaction(tx -> {
            Table table = table(tx, tableName);
            Change change = change(
                    tx,
                    table,
                    ItemKeys.key(table, key),
                    new Guard(test, returnValues.oldItemOnConditionFailure()),
                    old -> Map.of());
            return returns.equals("ALL_OLD") ? change.oldImage() : Map.<String, AttributeValue>of();
        });
    }

    /**
     * UpdateItem: applies {@code update} ({@code null}: none, which still creates the item with its key)
     * to the item with {@code key}, or to a new one, if {@code condition} holds; answers what
     * {@code returnValues} asks for.
     */
    public Map<String, AttributeValue> update(
            String tableName,
            Map<String, AttributeValue> key,
            String update,
            String condition,
            ExpressionAttributes attributes,
            Returns returnValues) {
        String returns = returnValues(returnValues.values(), true);
        UpdateActions actions = update == null ? null : Expressions.update(update, attributes);
        Condition test = condition(condition, attributes);
        attributes.checkAllUsed();
        return db.transaction(tx -> {
            Table table = table(tx, tableName);
            Change change = change(
                    tx,
                    table,
                    ItemKeys.key(table, key),
                    new Guard(test, returnValues.oldItemOnConditionFailure()),
                    updating(table, key, actions));
            return switch (returns) {
                case "ALL_OLD" -> change.oldImage();
                case "ALL_NEW" -> change.newImage();
                case "UPDATED_OLD" ->
                    actions == null
                            ? Map.<String, AttributeValue>of()
                            : Projection.of(change.oldImage(), actions.paths());
                case "UPDATED_NEW" ->
                    actions == null
                            ? Map.<String, AttributeValue>of()
                            : Projection.of(change.newImage(), actions.paths());
                default -> Map.<String, AttributeValue>of();
            };
        });
    }

    /**
     * What UpdateItem makes of an item ({@code actions} {@code null}: the item, or one of its key alone);
     * refuses actions on the key's attributes first.
     */
    static UnaryOperator<Map<String, AttributeValue>> updating(
            Table table, Map<String, AttributeValue> key, UpdateActions actions) {
        if (actions != null) {
            for (DocumentPath path : actions.paths()) {
                if (table.key().names().contains(path.attribute())) {
                    throw DynamoDbErrors.invalid(
                            "Cannot update attribute " + path.attribute() + ". This attribute is part of the key");
                }
            }
        }
        return old -> {
            Map<String, AttributeValue> base = old.isEmpty() ? key : old;
            Map<String, AttributeValue> updated = actions == null ? base : Updater.apply(actions, base);
            ItemKeys.itemKey(table, updated); // index keys of the right types
            ItemKeys.checkSize(updated, "Item size to update has exceeded the maximum allowed size");
            return updated;
        };
    }

    /** The item with {@code key} as it is in {@code tx}; empty when there is none. */
    Map<String, AttributeValue> current(Transaction tx, Table table, ItemKey key) {
        return items.get(tx, table.name(), key).orElse(Map.of());
    }

    /** One request of BatchWriteItem: a put of {@code item}, or a delete of {@code key}. */
    public record BatchWrite(String table, Map<String, AttributeValue> item, Map<String, AttributeValue> key) {}

    /**
     * BatchWriteItem: checks every request (tables, keys, sizes, no key twice), then writes them all in
     * one transaction, so none is left unprocessed and a malformed one writes nothing.
     */
    public void writeBatch(List<BatchWrite> writes) {
        db.transaction(tx -> {
            Map<String, Table> byName = new java.util.HashMap<>();
            Map<String, java.util.Set<ItemKey>> seen = new java.util.HashMap<>();
            List<ItemKey> keys = new java.util.ArrayList<>();
            for (BatchWrite write : writes) {
                Table table = byName.computeIfAbsent(write.table(), name -> table(tx, name));
                ItemKey key;
                if (write.item() != null) {
                    key = ItemKeys.itemKey(table, write.item());
                    ItemKeys.checkKeySizes(table, write.item());
                    ItemKeys.checkSize(write.item(), "Item size has exceeded the maximum allowed size");
                } else {
                    key = ItemKeys.key(table, write.key());
                }
                if (!seen.computeIfAbsent(table.name(), n -> new java.util.HashSet<>())
                        .add(key)) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            for (int i = 0; i < writes.size(); i++) {
                BatchWrite write = writes.get(i);
                Map<String, AttributeValue> next = write.item() == null ? Map.of() : write.item();
                change(tx, byName.get(write.table()), keys.get(i), Guard.NONE, old -> next);
            }
            return null;
        });
    }

    /** BatchGetItem's reads of one table: the items of {@code keys} that exist, projected when asked. */
    public List<Map<String, AttributeValue>> getBatch(
            String tableName,
            List<Map<String, AttributeValue>> keys,
            String projection,
            ExpressionAttributes attributes) {
        List<DocumentPath> paths = projection(projection, attributes);
        attributes.checkAllUsed();
        return db.read(tx -> {
            Table table = table(tx, tableName);
            java.util.Set<ItemKey> seen = new java.util.HashSet<>();
            List<ItemKey> itemKeys = new java.util.ArrayList<>();
            for (Map<String, AttributeValue> key : keys) {
                ItemKey itemKey = ItemKeys.key(table, key);
                if (!seen.add(itemKey)) {
                    throw AwsException.validation("Provided list of item keys contains duplicates");
                }
                itemKeys.add(itemKey);
            }
            List<Map<String, AttributeValue>> out = new java.util.ArrayList<>();
            for (ItemKey key : itemKeys) {
                items.get(tx, table.name(), key)
                        .ifPresent(item -> out.add(paths == null ? item : Projection.of(item, paths)));
            }
            return out;
        });
    }

    /**
     * The one place an item changes: reads it, tests {@code condition} on it (an absent item is
     * empty), writes what {@code next} makes of it (empty: delete) and answers both images. The
     * change's stream record is appended here, in {@code tx} (none when the images are equal).
     */
    Change change(
            Transaction tx, Table table, ItemKey key, Guard guard, UnaryOperator<Map<String, AttributeValue>> next) {
        Map<String, AttributeValue> old = current(tx, table, key);
        if (guard.condition() != null && !Evaluator.test(guard.condition(), old)) {
            throw guard.oldItemOnFailure() && !old.isEmpty()
                    ? new AwsException(
                            400,
                            "ConditionalCheckFailedException",
                            "The conditional request failed",
                            Map.of(),
                            Map.of("Item", AttributeDocuments.plain(old)))
                    : DynamoDbErrors.conditionFailed();
        }
        Map<String, AttributeValue> updated = next.apply(old);
        if (updated.isEmpty()) {
            if (!old.isEmpty()) {
                items.delete(tx, table.name(), key);
            }
        } else {
            items.put(
                    tx,
                    table.name(),
                    key,
                    updated,
                    ItemKeys.checkSize(updated, "Item size has exceeded the maximum allowed size"));
        }
        IndexRows.change(indexes, tx, table, key, old, updated);
        streams.changed(tx, table, old, updated);
        return new Change(old, updated);
    }

    /**
     * Removes the item with {@code key} as Time to Live does, if it is still there and {@code expired}
     * holds for it (a write since the sweep read it may have moved its expiry): from its indexes too,
     * with a REMOVE stream record that names the service as its user. Whether it removed it.
     */
    boolean expire(Transaction tx, Table table, ItemKey key, Predicate<Map<String, AttributeValue>> expired) {
        Map<String, AttributeValue> old = current(tx, table, key);
        if (old.isEmpty() || !expired.test(old)) {
            return false;
        }
        items.delete(tx, table.name(), key);
        IndexRows.change(indexes, tx, table, key, old, Map.of());
        streams.expired(tx, table, old);
        return true;
    }

    /** The table called {@code name}, read in a transaction of its own. */
    Table table(String name) {
        return db.transaction(tx -> table(tx, name));
    }

    Table table(Transaction tx, String name) {
        if (name == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'tableName' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        return tables.find(tx, name).orElseThrow(DynamoDbErrors::noTable);
    }

    static Condition condition(String text, ExpressionAttributes attributes) {
        return text == null ? null : Expressions.condition("ConditionExpression", text, attributes);
    }

    static List<DocumentPath> projection(String text, ExpressionAttributes attributes) {
        return text == null ? null : Expressions.projection(text, attributes);
    }

    private static String returnValues(String given, boolean update) {
        String value = given == null ? "NONE" : given;
        if (!UPDATE_RETURN_VALUES.contains(value)) {
            throw AwsException.validation("1 validation error detected: Value '" + value + "' at 'returnValues' failed"
                    + " to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE,"
                    + " UPDATED_NEW]");
        }
        if (!update && !value.equals("NONE") && !value.equals("ALL_OLD")) {
            throw AwsException.validation("Return values set to invalid value");
        }
        return value;
    }
}
