package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.ItemTransactions;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.item.ItemWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TransactWriteItems and TransactGetItems over their documents. */
final class TransactDocuments {
    private static final Map<String, ItemWrite.Kind> KINDS = Map.of(
            "Put", ItemWrite.Kind.PUT,
            "Update", ItemWrite.Kind.UPDATE,
            "Delete", ItemWrite.Kind.DELETE,
            "ConditionCheck", ItemWrite.Kind.CONDITION_CHECK);

    private final ItemTransactions transactions;

    TransactDocuments(ItemTransactions transactions) {
        this.transactions = transactions;
    }

    void write(JsonNode in) {
        List<ItemWrite> writes = new ArrayList<>();
        for (JsonNode action : in.path("TransactItems")) {
            if (action.size() != 1 || !KINDS.containsKey(action.fieldNames().next())) {
                throw AwsException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }
            String name = action.fieldNames().next();
            JsonNode a = action.get(name);
            ItemWrite.Kind kind = KINDS.get(name);
            writes.add(new ItemWrite(
                    kind,
                    DynamoDbApi.text(a, "TableName"),
                    AttributeDocuments.item(a.get(kind == ItemWrite.Kind.PUT ? "Item" : "Key")),
                    DynamoDbApi.text(a, "UpdateExpression"),
                    DynamoDbApi.text(a, "ConditionExpression"),
                    DynamoDbApi.expressionAttributes(a),
                    "ALL_OLD".equals(DynamoDbApi.text(a, "ReturnValuesOnConditionCheckFailure")),
                    ItemWrite.Refusal.CONDITION_FAILED));
        }
        transactions.write(writes);
    }

    void get(JsonNode in, ObjectNode out) {
        List<ItemTransactions.Get> gets = new ArrayList<>();
        for (JsonNode action : in.path("TransactItems")) {
            JsonNode g = action.path("Get");
            gets.add(new ItemTransactions.Get(
                    DynamoDbApi.text(g, "TableName"),
                    AttributeDocuments.item(g.get("Key")),
                    DynamoDbApi.text(g, "ProjectionExpression"),
                    DynamoDbApi.expressionAttributes(g)));
        }
        ArrayNode responses = out.putArray("Responses");
        transactions.get(gets).forEach(item -> {
            ObjectNode response = responses.addObject();
            item.ifPresent(i -> response.set("Item", AttributeDocuments.document(i)));
        });
    }
}
