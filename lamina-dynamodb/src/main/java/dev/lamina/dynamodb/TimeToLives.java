package dev.lamina.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.item.ItemKey;
import dev.lamina.dynamodb.item.ItemStore;
import dev.lamina.dynamodb.table.DynamoDbErrors;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.dynamodb.table.TableDefinitions;
import dev.lamina.dynamodb.table.TableStore;
import dev.lamina.dynamodb.ttl.TimeToLive;
import dev.lamina.dynamodb.ttl.TimeToLiveStore;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB's Time to Live: UpdateTimeToLive and DescribeTimeToLive (on request threads), and the
 * sweep that removes expired items (on the module's sweeper thread, {@link #sweep}). A sweep reads
 * each table with Time to Live on, a page of {@link #PAGE} items a transaction, and removes each item
 * expired at the sweep's start ({@link TimeToLive#expired}) through {@link Items#expire}, so its
 * indexes follow and its stream gets a REMOVE record whose {@code userIdentity} is the DynamoDB
 * service. AWS removes expired items within days; a sweep here removes those expired when it starts.
 */
public final class TimeToLives {
    /** How many items one transaction of a sweep reads. */
    static final int PAGE = 500;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Transactions db;
    private final TableStore tables;
    private final ItemStore items;
    private final Items changes;
    private final TimeToLiveStore store;
    private final InstantSource clock;

    public TimeToLives(Transactions db, Stores stores, Items changes, TimeToLiveStore store, InstantSource clock) {
        this.db = db;
        this.tables = stores.tables();
        this.items = stores.items();
        this.changes = changes;
        this.store = store;
        this.clock = clock;
    }

    /** UpdateTimeToLive: turns Time to Live on or off; answers the {@code TimeToLiveSpecification} given. */
    public ObjectNode update(JsonNode input) {
        String name = input.path("TableName").asText(null);
        TableDefinitions.checkName(name, "tableName");
        JsonNode spec = input.get("TimeToLiveSpecification");
        if (spec == null || spec.isNull()) {
            throw missing("timeToLiveSpecification");
        }
        if (!spec.hasNonNull("Enabled")) {
            throw missing("timeToLiveSpecification.enabled");
        }
        String attribute = spec.path("AttributeName").asText(null);
        if (attribute == null) {
            throw missing("timeToLiveSpecification.attributeName");
        }
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw AwsException.validation("1 validation error detected: Value '" + attribute
                    + "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have"
                    + " length " + (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
        }
        boolean enable = spec.get("Enabled").asBoolean();
        db.transaction(tx -> {
            Table table = find(tx, name);
            TimeToLive now = store.get(tx, id(table));
            store.put(tx, id(table), name, enable ? now.enable(attribute) : now.disable(attribute));
            return null;
        });
        ObjectNode out = NODES.objectNode();
        out.put("Enabled", enable);
        out.put("AttributeName", attribute);
        return out;
    }

    /** DescribeTimeToLive: the table's {@code TimeToLiveDescription}. */
    public ObjectNode describe(String name) {
        TableDefinitions.checkName(name, "tableName");
        TimeToLive ttl = db.transaction(tx -> store.get(tx, id(find(tx, name))));
        ObjectNode out = NODES.objectNode();
        out.put("TimeToLiveStatus", ttl.status());
        if (ttl instanceof TimeToLive.Enabled(String attribute)) {
            out.put("AttributeName", attribute);
        }
        return out;
    }

    /** Removes every item expired now from every table with Time to Live on; answers how many. */
    public int sweep() {
        Instant now = clock.instant();
        int removed = 0;
        for (TimeToLiveStore.Entry entry : db.transaction(store::enabled)) {
            removed += sweep(entry, now);
        }
        return removed;
    }

    /** What one page of a sweep did: the last key it read, whether more follow, how many it removed. */
    private record Page(ItemKey last, boolean more, int removed) {}

    private int sweep(TimeToLiveStore.Entry entry, Instant now) {
        TimeToLive ttl = new TimeToLive.Enabled(entry.attribute());
        int removed = 0;
        ItemKey after = null;
        while (true) {
            ItemKey from = after;
            Page page = db.transaction(tx -> page(tx, entry, ttl, from, now));
            removed += page.removed();
            if (!page.more()) {
                return removed;
            }
            after = page.last();
        }
    }

    private Page page(Transaction tx, TimeToLiveStore.Entry entry, TimeToLive ttl, ItemKey after, Instant now) {
        Table table = tables.find(tx, entry.table()).orElse(null);
        if (table == null || !id(table).equals(entry.tableId())) {
            store.put(tx, entry.tableId(), entry.table(), new TimeToLive.Disabled()); // the table is gone
            return new Page(null, false, 0);
        }
        List<ItemKey> expired = new ArrayList<>();
        ItemKey[] last = {null};
        int[] read = {0};
        items.scan(tx, table.name(), after, (key, item, size) -> {
            last[0] = key;
            if (ttl.expired(item, now)) {
                expired.add(key);
            }
            return ++read[0] < PAGE;
        });
        int removed = 0;
        for (ItemKey key : expired) {
            if (changes.expire(tx, table, key, item -> ttl.expired(item, now))) {
                removed++;
            }
        }
        return new Page(last[0], read[0] == PAGE, removed);
    }

    private Table find(Transaction tx, String name) {
        return tables.find(tx, name).orElseThrow(() -> DynamoDbErrors.noTable(name));
    }

    private static String id(Table table) {
        return table.description().get("TableId").asText();
    }

    private static AwsException missing(String member) {
        return AwsException.validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
