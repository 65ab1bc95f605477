package dev.lamina.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.dynamodb.item.IndexStore;
import dev.lamina.dynamodb.item.ItemStore;
import dev.lamina.dynamodb.stream.StreamLog;
import dev.lamina.dynamodb.stream.StreamViewType;
import dev.lamina.dynamodb.stream.TableStreams;
import dev.lamina.dynamodb.table.DynamoDbErrors;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.dynamodb.table.TableDefinitions;
import dev.lamina.dynamodb.table.TableStore;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * DynamoDB's table operations. A table is ACTIVE as soon as CreateTable answers (there is nothing to
 * provision), so {@code waitUntilTableExists} returns at its first DescribeTable; DeleteTable answers
 * DELETING and removes the table and its items in one transaction. Called on request threads.
 */
public final class Tables {
    private final Transactions db;
    private final TableStore tables;
    private final ItemStore items;
    private final IndexStore indexes;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String region;
    private final String account;
    private final StreamLog streams;

    public Tables(
            Transactions db,
            Stores stores,
            StreamLog streams,
            InstantSource clock,
            RandomGenerator random,
            String region,
            String account) {
        this.db = db;
        this.tables = stores.tables();
        this.items = stores.items();
        this.indexes = stores.indexes();
        this.clock = clock;
        this.random = random;
        this.region = region;
        this.account = account;
        this.streams = streams;
    }

    /** Creates the table CreateTable's {@code input} defines; answers its description. */
    public ObjectNode create(JsonNode input) {
        String name = input.path("TableName").asText(null);
        TableDefinitions.checkName(name, "tableName");
        String arn = "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
        String id = new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | (1L << 63))
                .toString();
        Table table = TableDefinitions.create(input, arn, id, clock.instant());
        StreamViewType streamViewType =
                input.has("StreamSpecification") ? TableStreams.viewType(input.get("StreamSpecification")) : null;
        return db.transaction(tx -> {
            if (!tables.create(tx, table)) {
                throw DynamoDbErrors.tableExists(name);
            }
            if (streamViewType != null) {
                streams.enable(tx, table, streamViewType);
            }
            return describe(tx, table, "ACTIVE");
        });
    }

    public ObjectNode describe(String name) {
        TableDefinitions.checkName(name, "tableName");
        return db.transaction(tx -> describe(tx, find(tx, name), "ACTIVE"));
    }

    /**
     * UpdateTable: turns the table's stream on or off (the only change supported so far; other
     * parameters are refused); answers the table's description.
     */
    public ObjectNode update(JsonNode input) {
        String name = input.path("TableName").asText(null);
        TableDefinitions.checkName(name, "tableName");
        TableStreams.checkUpdate(input);
        StreamViewType viewType = TableStreams.viewType(input.get("StreamSpecification"));
        return db.transaction(tx -> {
            Table table = find(tx, name);
            if (viewType != null) {
                streams.enable(tx, table, viewType);
            } else {
                streams.disable(tx, name);
            }
            return describe(tx, table, "ACTIVE");
        });
    }

    /** Deletes the table and its items; answers its description as DELETING. */
    public ObjectNode delete(String name) {
        TableDefinitions.checkName(name, "tableName");
        return db.transaction(tx -> {
            Table table = find(tx, name);
            ObjectNode description = describe(tx, table, "DELETING");
            items.deleteAll(tx, name);
            streams.tableDeleted(tx, name); // its stream stays readable, DISABLED, as on AWS
            indexes.deleteAll(tx, name);
            tables.delete(tx, name);
            return description;
        });
    }

    /** The table called {@code name} in {@code tx}; DescribeTable's ResourceNotFoundException if none. */
    Table find(Transaction tx, String name) {
        return tables.find(tx, name).orElseThrow(() -> DynamoDbErrors.noTable(name));
    }

    /** A page of table names after {@code after}, and the last name when more follow. */
    public record Page(List<String> names, String lastEvaluated) {}

    public Page list(String after, Integer limit) {
        if (after != null) {
            TableDefinitions.checkName(after, "exclusiveStartTableName");
        }
        if (limit != null && (limit < 1 || limit > 100)) {
            throw dev.lamina.core.AwsException.validation("1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value "
                    + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        int n = limit == null ? 100 : limit;
        List<String> names = db.transaction(tx -> tables.names(tx, after, n + 1));
        return names.size() > n ? new Page(names.subList(0, n), names.get(n - 1)) : new Page(names, null);
    }

    private ObjectNode describe(Transaction tx, Table table, String status) {
        ObjectNode d = table.description();
        ItemStore.Stats stats = items.stats(tx, table.name());
        ObjectNode out = d.objectNode();
        out.set("AttributeDefinitions", d.get("AttributeDefinitions"));
        out.put("TableName", table.name());
        out.set("KeySchema", d.get("KeySchema"));
        out.put("TableStatus", status);
        out.set("CreationDateTime", d.get("CreationDateTime"));
        out.set("ProvisionedThroughput", d.get("ProvisionedThroughput"));
        out.put("TableSizeBytes", stats.bytes());
        out.put("ItemCount", stats.count());
        out.set("TableArn", d.get("TableArn"));
        out.set("TableId", d.get("TableId"));
        for (String field : List.of("BillingModeSummary", "LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            if (d.has(field)) {
                out.set(field, d.get(field));
            }
        }
        for (String field : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            if (out.get(field) instanceof ArrayNode list) {
                for (JsonNode index : list) {
                    ItemStore.Stats rows = indexes.stats(
                            tx, table.name(), index.get("IndexName").asText());
                    ((ObjectNode) index).put("IndexSizeBytes", rows.bytes()).put("ItemCount", rows.count());
                }
            }
        }
        out.set("DeletionProtectionEnabled", d.get("DeletionProtectionEnabled"));
        streams.latest(tx, table.name()).ifPresent(stream -> TableStreams.describe(stream, out));
        return out;
    }
}
