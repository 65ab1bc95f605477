package dev.lamina.dynamodb;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.KeyEncoding;
import dev.lamina.dynamodb.expression.Condition;
import dev.lamina.dynamodb.expression.DocumentPath;
import dev.lamina.dynamodb.expression.Evaluator;
import dev.lamina.dynamodb.expression.ExpressionAttributes;
import dev.lamina.dynamodb.expression.Expressions;
import dev.lamina.dynamodb.expression.Projection;
import dev.lamina.dynamodb.item.IndexRows;
import dev.lamina.dynamodb.item.IndexStore;
import dev.lamina.dynamodb.item.ItemKey;
import dev.lamina.dynamodb.item.ItemKeys;
import dev.lamina.dynamodb.item.ItemStore;
import dev.lamina.dynamodb.item.KeyCondition;
import dev.lamina.dynamodb.item.KeyRange;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.storage.Transactions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's Query and Scan over a table's stored items, or an index's rows. A page ends after {@code Limit} items were
 * read (before the filter, as DynamoDB counts) or once 1 MB was read, and then names the last item
 * read as LastEvaluatedKey, even if nothing follows it (as DynamoDB does). Scan visits items in key
 * order; segment {@code s} of {@code n} holds the partitions whose hash bytes hash to {@code s}, so
 * parallel segments never overlap and together cover the table. Called on request threads; a page is
 * read in one transaction.
 */
public final class Searches {
    private static final int PAGE_BYTES = 1024 * 1024;
    private static final Set<String> SELECTS =
            Set.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    private final Transactions db;
    private final Items items;
    private final ItemStore store;
    private final IndexStore indexes;

    public Searches(Transactions db, Items items, Stores stores) {
        this.db = db;
        this.items = items;
        this.store = stores.items();
        this.indexes = stores.indexes();
    }

    /** What both read: the table, the filter, the projection, the page's size and start. */
    public record Reading(
            String table,
            String index,
            String filter,
            String projection,
            ExpressionAttributes attributes,
            Integer limit,
            Map<String, AttributeValue> exclusiveStartKey,
            String select,
            boolean consistentRead) {}

    /** One page: its items (none for COUNT), how many matched and were read, where to go on. */
    public record Page(
            List<Map<String, AttributeValue>> items,
            boolean countOnly,
            int count,
            int scannedCount,
            Map<String, AttributeValue> lastEvaluatedKey) {}

    /** Query: one partition's items whose range key meets {@code keyCondition}, in range-key order. */
    public Page query(Reading reading, String keyCondition, boolean forward) {
        if (keyCondition == null) {
            throw AwsException.validation("Either the KeyConditions or KeyConditionExpression parameter must be"
                    + " specified in the request.");
        }
        Condition keys = Expressions.condition("KeyConditionExpression", keyCondition, reading.attributes());
        Plan plan = plan(reading);
        return db.read(tx -> {
            Table table = items.table(tx, reading.table());
            Table.Index index = index(table, reading);
            KeyCondition selected = KeyCondition.of(keys, index == null ? table.key() : index.key());
            byte[] hash = KeyEncoding.encode(selected.hash());
            Collector collector = new Collector(table, index, plan);
            if (index != null) {
                IndexStore.Position after = reading.exclusiveStartKey() == null
                        ? null
                        : indexStart(table, index, reading.exclusiveStartKey());
                indexes.query(tx, table.name(), index.name(), hash, selected.range(), forward, after, collector);
            } else {
                KeyRange range = selected.range();
                if (reading.exclusiveStartKey() != null) {
                    range = after(
                            range, start(table, reading.exclusiveStartKey()).range(), forward);
                }
                store.query(tx, table.name(), hash, range, forward, collector);
            }
            return collector.page();
        });
    }

    /** Scan: the table's items (of one segment when asked), in key order. */
    public Page scan(Reading reading, Integer segment, Integer totalSegments) {
        if ((segment == null) != (totalSegments == null)) {
            throw AwsException.validation(
                    segment == null
                            ? "The Segment parameter is required but was not present in the request when parameter"
                                    + " TotalSegments is present"
                            : "The TotalSegments parameter is required but was not present in the request when Segment"
                                    + " parameter is present");
        }
        if (totalSegments != null) {
            if (totalSegments < 1 || totalSegments > 1_000_000) {
                throw AwsException.validation("1 validation error detected: Value '" + totalSegments + "' at"
                        + " 'totalSegments' failed to satisfy constraint: Member must have value "
                        + (totalSegments < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
            }
            if (segment < 0 || segment >= totalSegments) {
                throw AwsException.validation("The Segment parameter is zero-based and must be less than parameter"
                        + " TotalSegments: Segment: " + segment + " is out of bounds for TotalSegments: "
                        + totalSegments);
            }
        }
        Plan plan = plan(reading);
        return db.read(tx -> {
            Table table = items.table(tx, reading.table());
            Table.Index index = index(table, reading);
            Collector collector = new Collector(table, index, plan);
            ItemStore.Visitor inSegment =
                    (key, item, size) -> (totalSegments != null && segment(key.hash(), totalSegments) != segment)
                            || collector.visit(key, item, size);
            if (index != null) {
                IndexStore.Position after = reading.exclusiveStartKey() == null
                        ? null
                        : indexStart(table, index, reading.exclusiveStartKey());
                indexes.scan(tx, table.name(), index.name(), after, inSegment);
            } else {
                ItemKey after = reading.exclusiveStartKey() == null ? null : start(table, reading.exclusiveStartKey());
                store.scan(tx, table.name(), after, inSegment);
            }
            return collector.page();
        });
    }

    /** The segment of {@code totalSegments} a partition belongs to, by its hash bytes. */
    static int segment(byte[] hash, int totalSegments) {
        return Math.floorMod(Arrays.hashCode(hash), totalSegments);
    }

    /** {@code range} narrowed to what follows {@code start} in the direction read. */
    private static KeyRange after(KeyRange range, byte[] start, boolean forward) {
        if (forward) {
            return range.low() == null || Arrays.compareUnsigned(start, range.low()) >= 0
                    ? new KeyRange(start, false, range.high(), range.highInclusive())
                    : range;
        }
        return range.high() == null || Arrays.compareUnsigned(start, range.high()) <= 0
                ? new KeyRange(range.low(), range.lowInclusive(), start, false)
                : range;
    }

    /** The index the reading names, or {@code null} for the table itself. */
    private static Table.Index index(Table table, Reading reading) {
        if (reading.index() == null) {
            return null;
        }
        Table.Index index = table.index(reading.index());
        if (index == null) {
            throw AwsException.validation("The table does not have the specified index: " + reading.index());
        }
        if (index.global() && reading.consistentRead()) {
            throw AwsException.validation("Consistent reads are not supported on global secondary indexes");
        }
        return index;
    }

    /** Where an index read resumes: after the row of the item an ExclusiveStartKey names. */
    private static IndexStore.Position indexStart(Table table, Table.Index index, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> tableKey = new java.util.LinkedHashMap<>();
        for (String name : table.key().names()) {
            if (key.containsKey(name)) {
                tableKey.put(name, key.get(name));
            }
        }
        IndexStore.Position position = IndexRows.position(index, start(table, tableKey), key);
        if (position == null) {
            throw AwsException.validation(
                    "The provided starting key is invalid: The provided key element does not" + " match the schema");
        }
        return position;
    }

    private static ItemKey start(Table table, Map<String, AttributeValue> exclusiveStartKey) {
        try {
            return ItemKeys.key(table, exclusiveStartKey);
        } catch (AwsException e) {
            throw AwsException.validation("The provided starting key is invalid: " + e.getMessage());
        }
    }

    /** What the reading's expressions and options came to, checked before the table is read. */
    private record Plan(Condition filter, List<DocumentPath> paths, boolean countOnly, int limit) {}

    private static Plan plan(Reading reading) {
        String select = reading.select();
        if (select != null && !SELECTS.contains(select)) {
            throw AwsException.validation("1 validation error detected: Value '" + select + "' at 'select' failed to"
                    + " satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT,"
                    + " ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && reading.index() == null) {
            throw AwsException.validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (reading.projection() != null && select != null && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw AwsException.validation("Cannot specify the ProjectionExpression when choosing to get " + select);
        }
        if (reading.limit() != null && reading.limit() < 1) {
            throw AwsException.validation("1 validation error detected: Value '" + reading.limit() + "' at 'limit'"
                    + " failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        Condition filter = reading.filter() == null
                ? null
                : Expressions.condition("FilterExpression", reading.filter(), reading.attributes());
        List<DocumentPath> paths = reading.projection() == null
                ? null
                : Expressions.projection(reading.projection(), reading.attributes());
        reading.attributes().checkAllUsed();
        return new Plan(
                filter, paths, "COUNT".equals(select), reading.limit() == null ? Integer.MAX_VALUE : reading.limit());
    }

    /** Reads items into a page until the limit or 1 MB. */
    private static final class Collector implements ItemStore.Visitor {
        private final List<String> keyNames = new ArrayList<>();
        private final Plan plan;
        private final List<Map<String, AttributeValue>> found = new ArrayList<>();
        private int count;
        private int scanned;
        private long bytes;
        private Map<String, AttributeValue> last;
        private boolean stopped;

        Collector(Table table, Table.Index index, Plan plan) {
            keyNames.addAll(table.key().names());
            if (index != null) {
                index.key().names().stream().filter(n -> !keyNames.contains(n)).forEach(keyNames::add);
            }
            this.plan = plan;
        }

        @Override
        public boolean visit(ItemKey key, Map<String, AttributeValue> item, int size) {
            scanned++;
            bytes += size;
            last = item;
            if (plan.filter() == null || Evaluator.test(plan.filter(), item)) {
                count++;
                if (!plan.countOnly()) {
                    found.add(plan.paths() == null ? item : Projection.of(item, plan.paths()));
                }
            }
            stopped = scanned >= plan.limit() || bytes >= PAGE_BYTES;
            return !stopped;
        }

        Page page() {
            Map<String, AttributeValue> lastKey = null;
            if (stopped) {
                lastKey = new java.util.LinkedHashMap<>();
                for (String name : keyNames) {
                    lastKey.put(name, last.get(name));
                }
            }
            return new Page(found, plan.countOnly(), count, scanned, lastKey);
        }
    }
}
