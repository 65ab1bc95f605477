package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.Items;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BatchWriteItem and BatchGetItem over their documents: up to 25 writes or 100 keys across tables.
 * Every request is processed at once (there is no throughput to exceed), so UnprocessedItems and
 * UnprocessedKeys are always empty.
 */
final class Batches {
    private final Items items;

    Batches(Items items) {
        this.items = items;
    }

    void write(JsonNode in, ObjectNode out) {
        JsonNode requests = in.path("RequestItems");
        List<Items.BatchWrite> writes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> table : requests.properties()) {
            for (JsonNode request : table.getValue()) {
                boolean put = request.has("PutRequest");
                if (put == request.has("DeleteRequest")) {
                    throw AwsException.validation("Supplied AttributeValue has more than one datatypes set, must"
                            + " contain exactly one of the supported datatypes");
                }
                writes.add(
                        put
                                ? new Items.BatchWrite(
                                        table.getKey(),
                                        AttributeDocuments.item(
                                                request.get("PutRequest").get("Item")),
                                        null)
                                : new Items.BatchWrite(
                                        table.getKey(),
                                        null,
                                        AttributeDocuments.item(
                                                request.get("DeleteRequest").get("Key"))));
            }
        }
        if (writes.isEmpty() || writes.size() > 25) {
            throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy"
                    + " constraint: Map value must satisfy constraint: [Member must have length less than or equal to"
                    + " 25, Member must have length greater than or equal to 1]");
        }
        items.writeBatch(writes);
        out.putObject("UnprocessedItems");
    }

    void get(JsonNode in, ObjectNode out) {
        JsonNode requests = in.path("RequestItems");
        int keys = 0;
        for (JsonNode table : requests) {
            keys += table.path("Keys").size();
        }
        if (keys > 100) {
            throw AwsException.validation("Too many items requested for the BatchGetItem call");
        }
        if (requests.isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value at 'requestItems' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        ObjectNode responses = out.putObject("Responses");
        for (Map.Entry<String, JsonNode> table : requests.properties()) {
            List<Map<String, AttributeValue>> tableKeys = new ArrayList<>();
            table.getValue().path("Keys").forEach(k -> tableKeys.add(AttributeDocuments.item(k)));
            ArrayNode found = responses.putArray(table.getKey());
            items.getBatch(
                            table.getKey(),
                            tableKeys,
                            DynamoDbApi.text(table.getValue(), "ProjectionExpression"),
                            DynamoDbApi.expressionAttributes(table.getValue()))
                    .forEach(item -> found.add(AttributeDocuments.document(item)));
        }
        out.putObject("UnprocessedKeys");
    }
}
