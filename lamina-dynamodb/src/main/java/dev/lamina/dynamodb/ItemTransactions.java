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
import dev.lamina.dynamodb.item.ItemKey;
import dev.lamina.dynamodb.item.ItemKeys;
import dev.lamina.dynamodb.item.ItemWrite;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.storage.Transactions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * TransactWriteItems and TransactGetItems: up to 100 actions on distinct items, all in one database
 * transaction. Every action's condition is tested on the items as they are before any is written; if
 * any fails, nothing is written and the answer is a {@code TransactionCanceledException} whose
 * {@code CancellationReasons} say, action by action, {@code None} or {@code ConditionalCheckFailed}
 * (with the item when the action asked for {@code ReturnValuesOnConditionCheckFailure: ALL_OLD}).
 * Called on request threads.
 */
public final class ItemTransactions {
    private final Transactions db;
    private final Items items;

    public ItemTransactions(Transactions db, Items items) {
        this.db = db;
        this.items = items;
    }

    /** One action of TransactGetItems. */
    public record Get(
            String table, Map<String, AttributeValue> key, String projection, ExpressionAttributes attributes) {}

    /** An action, checked and parsed, ready to test and apply. */
    private record Planned(
            ItemWrite write,
            Table table,
            ItemKey key,
            Condition condition,
            UnaryOperator<Map<String, AttributeValue>> next) {}

    public void write(List<ItemWrite> writes) {
        count(writes.size());
        List<Condition> conditions = new ArrayList<>();
        List<UpdateActions> updates = new ArrayList<>();
        for (ItemWrite w : writes) {
            if (w.kind() == ItemWrite.Kind.CONDITION_CHECK && w.condition() == null) {
                throw AwsException.validation("The ConditionExpression parameter is required for a ConditionCheck");
            }
            updates.add(
                    w.kind() == ItemWrite.Kind.UPDATE
                            ? Expressions.update(required(w.update()), w.attributes())
                            : null);
            conditions.add(Items.condition(w.condition(), w.attributes()));
            w.attributes().checkAllUsed();
        }
        db.transaction(tx -> {
            Map<String, Table> tables = new HashMap<>();
            Set<String> seen = new HashSet<>();
            List<Planned> plan = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                ItemWrite w = writes.get(i);
                Table table = tables.computeIfAbsent(w.table(), name -> items.table(tx, name));
                ItemKey key = w.kind() == ItemWrite.Kind.PUT
                        ? ItemKeys.itemKey(table, w.item())
                        : ItemKeys.key(table, w.item());
                if (w.kind() == ItemWrite.Kind.PUT) {
                    ItemKeys.checkKeySizes(table, w.item());
                    ItemKeys.checkSize(w.item(), "Item size has exceeded the maximum allowed size");
                }
                if (!seen.add(table.name() + "/" + key)) {
                    throw AwsException.validation("Transaction request cannot include multiple operations on one item");
                }
                UnaryOperator<Map<String, AttributeValue>> next = switch (w.kind()) {
                    case PUT -> old -> w.item();
                    case DELETE -> old -> Map.of();
                    case UPDATE -> Items.updating(table, w.item(), updates.get(i));
                    case CONDITION_CHECK -> null;
                };
                plan.add(new Planned(w, table, key, conditions.get(i), next));
            }
            List<Map<String, Object>> reasons = new ArrayList<>();
            boolean failed = false;
            for (Planned p : plan) {
                Map<String, AttributeValue> old = items.current(tx, p.table(), p.key());
                Map<String, Object> reason = new LinkedHashMap<>();
                if (p.condition() != null && !Evaluator.test(p.condition(), old)) {
                    failed = true;
                    reason.put("Code", p.write().refusal().code());
                    reason.put("Message", p.write().refusal().message());
                    if (p.write().returnOldOnFailure() && !old.isEmpty()) {
                        reason.put("Item", AttributeDocuments.plain(old));
                    }
                } else {
                    reason.put("Code", "None");
                }
                reasons.add(reason);
            }
            if (failed) {
                throw cancelled(reasons);
            }
            for (Planned p : plan) {
                if (p.next() != null) {
                    items.change(tx, p.table(), p.key(), Items.Guard.NONE, p.next());
                }
            }
            return null;
        });
    }

    /** The items the gets name (empty where there is none), read in one transaction. */
    public List<Optional<Map<String, AttributeValue>>> get(List<Get> gets) {
        count(gets.size());
        List<List<DocumentPath>> projections = new ArrayList<>();
        for (Get g : gets) {
            projections.add(Items.projection(g.projection(), g.attributes()));
            g.attributes().checkAllUsed();
        }
        return db.transaction(tx -> {
            List<Optional<Map<String, AttributeValue>>> out = new ArrayList<>();
            for (int i = 0; i < gets.size(); i++) {
                Get g = gets.get(i);
                Table table = items.table(tx, g.table());
                Map<String, AttributeValue> item = items.current(tx, table, ItemKeys.key(table, g.key()));
                List<DocumentPath> paths = projections.get(i);
                out.add(
                        item.isEmpty()
                                ? Optional.empty()
                                : Optional.of(paths == null ? item : Projection.of(item, paths)));
            }
            return out;
        });
    }

    private static AwsException cancelled(List<Map<String, Object>> reasons) {
        List<String> codes = reasons.stream().map(r -> (String) r.get("Code")).toList();
        return new AwsException(
                400,
                "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons " + codes,
                Map.of(),
                Map.of("CancellationReasons", reasons));
    }

    private static void count(int actions) {
        if (actions < 1 || actions > 100) {
            throw AwsException.validation("1 validation error detected: Value at 'transactItems' failed to satisfy"
                    + " constraint: Member must have length "
                    + (actions < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
    }

    private static String required(String update) {
        if (update == null) {
            throw AwsException.validation("The UpdateExpression parameter is required for an Update");
        }
        return update;
    }
}
