package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.ItemTransactions;
import dev.lamina.dynamodb.Items;
import dev.lamina.dynamodb.Searches;
import dev.lamina.dynamodb.Statements;
import dev.lamina.dynamodb.Tables;
import dev.lamina.dynamodb.TimeToLives;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.expression.ExpressionAttributes;
import dev.lamina.edge.Operations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DynamoDB's operations over its JSON 1.0 documents (the shapes of DynamoDB's model, 2012-08-10): each
 * parses its input, calls one operation of {@link Tables}, {@link Items}, {@link Searches},
 * {@link ItemTransactions}, {@link Statements} (PartiQL) or {@link TimeToLives}, and
 * renders its output. Runs on the request's virtual thread.
 */
public final class DynamoDbApi implements Operations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Tables tables;
    private final Items items;
    private final Searches searches;
    private final Batches batches;
    private final TransactDocuments transactions;
    private final StatementDocuments statements;
    private final TimeToLives timeToLive;

    public DynamoDbApi(
            Tables tables, Items items, Searches searches, ItemTransactions transactions, TimeToLives timeToLive) {
        this.tables = tables;
        this.timeToLive = timeToLive;
        this.items = items;
        this.searches = searches;
        this.batches = new Batches(items);
        this.transactions = new TransactDocuments(transactions);
        this.statements = new StatementDocuments(new Statements(items, searches, transactions));
    }

    @Override
    public JsonNode perform(String operation, JsonNode in) {
        ObjectNode out = NODES.objectNode();
        switch (operation) {
            case "CreateTable" -> out.set("TableDescription", tables.create(in));
            case "DescribeTable" -> out.set("Table", tables.describe(text(in, "TableName")));
            case "UpdateTable" -> out.set("TableDescription", tables.update(in));
            case "DeleteTable" -> out.set("TableDescription", tables.delete(text(in, "TableName")));
            case "UpdateTimeToLive" -> out.set("TimeToLiveSpecification", timeToLive.update(in));
            case "DescribeTimeToLive" -> out.set("TimeToLiveDescription", timeToLive.describe(text(in, "TableName")));
            case "ListTables" -> {
                Tables.Page page = tables.list(
                        text(in, "ExclusiveStartTableName"),
                        in.hasNonNull("Limit") ? in.get("Limit").asInt() : null);
                ArrayNode names = out.putArray("TableNames");
                page.names().forEach(names::add);
                if (page.lastEvaluated() != null) {
                    out.put("LastEvaluatedTableName", page.lastEvaluated());
                }
            }
            case "PutItem" ->
                attributes(
                        out,
                        items.put(
                                text(in, "TableName"),
                                AttributeDocuments.item(in.get("Item")),
                                text(in, "ConditionExpression"),
                                expressionAttributes(in),
                                Items.Returns.of(
                                        text(in, "ReturnValues"), text(in, "ReturnValuesOnConditionCheckFailure"))));
            case "GetItem" ->
                items.get(
                                text(in, "TableName"),
                                AttributeDocuments.item(in.get("Key")),
                                text(in, "ProjectionExpression"),
                                expressionAttributes(in))
                        .ifPresent(item -> out.set("Item", AttributeDocuments.document(item)));
            case "DeleteItem" ->
                attributes(
                        out,
                        items.delete(
                                text(in, "TableName"),
                                AttributeDocuments.item(in.get("Key")),
                                text(in, "ConditionExpression"),
                                expressionAttributes(in),
                                Items.Returns.of(
                                        text(in, "ReturnValues"), text(in, "ReturnValuesOnConditionCheckFailure"))));
            case "UpdateItem" ->
                attributes(
                        out,
                        items.update(
                                text(in, "TableName"),
                                AttributeDocuments.item(in.get("Key")),
                                text(in, "UpdateExpression"),
                                text(in, "ConditionExpression"),
                                expressionAttributes(in),
                                Items.Returns.of(
                                        text(in, "ReturnValues"), text(in, "ReturnValuesOnConditionCheckFailure"))));
            case "Query" ->
                page(
                        out,
                        searches.query(
                                reading(in),
                                text(in, "KeyConditionExpression"),
                                !in.hasNonNull("ScanIndexForward")
                                        || in.get("ScanIndexForward").asBoolean()));
            case "Scan" ->
                page(
                        out,
                        searches.scan(
                                reading(in),
                                in.hasNonNull("Segment") ? in.get("Segment").asInt() : null,
                                in.hasNonNull("TotalSegments")
                                        ? in.get("TotalSegments").asInt()
                                        : null));
            case "BatchWriteItem" -> batches.write(in, out);
            case "BatchGetItem" -> batches.get(in, out);
            case "TransactWriteItems" -> transactions.write(in);
            case "TransactGetItems" -> transactions.get(in, out);
            case "ExecuteStatement" -> statements.execute(in, out);
            case "BatchExecuteStatement" -> statements.batch(in, out);
            case "ExecuteTransaction" -> statements.transaction(in, out);
            default -> throw new AwsException(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        return out;
    }

    private static Searches.Reading reading(JsonNode in) {
        return new Searches.Reading(
                text(in, "TableName"),
                text(in, "IndexName"),
                text(in, "FilterExpression"),
                text(in, "ProjectionExpression"),
                expressionAttributes(in),
                in.hasNonNull("Limit") ? in.get("Limit").asInt() : null,
                in.hasNonNull("ExclusiveStartKey") ? AttributeDocuments.item(in.get("ExclusiveStartKey")) : null,
                text(in, "Select"),
                in.path("ConsistentRead").asBoolean(false));
    }

    private static void page(ObjectNode out, Searches.Page page) {
        if (!page.countOnly()) {
            ArrayNode list = out.putArray("Items");
            page.items().forEach(item -> list.add(AttributeDocuments.document(item)));
        }
        out.put("Count", page.count());
        out.put("ScannedCount", page.scannedCount());
        if (page.lastEvaluatedKey() != null) {
            out.set("LastEvaluatedKey", AttributeDocuments.document(page.lastEvaluatedKey()));
        }
    }

    private static void attributes(ObjectNode out, Map<String, AttributeValue> attributes) {
        if (!attributes.isEmpty()) {
            out.set("Attributes", AttributeDocuments.document(attributes));
        }
    }

    /** A request's ExpressionAttributeNames and ExpressionAttributeValues. */
    static ExpressionAttributes expressionAttributes(JsonNode in) {
        Map<String, String> names = null;
        if (in.hasNonNull("ExpressionAttributeNames")) {
            names = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e :
                    in.get("ExpressionAttributeNames").properties()) {
                names.put(e.getKey(), e.getValue().asText());
            }
        }
        Map<String, AttributeValue> values = in.hasNonNull("ExpressionAttributeValues")
                ? AttributeDocuments.item(in.get("ExpressionAttributeValues"))
                : null;
        return new ExpressionAttributes(names, values);
    }

    static String text(JsonNode in, String field) {
        JsonNode node = in.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
