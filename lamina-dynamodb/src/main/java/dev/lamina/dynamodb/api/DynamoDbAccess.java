package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import java.util.Map;

/**
 * What a DynamoDB request asks to do (decision 38): {@code dynamodb:<Operation>} on the ARN of the
 * table its {@code TableName} names ({@code …:table/<name>/index/<index>} for a read of an index), or
 * on {@code *} for ListTables and the operations that may span tables (batches, transactions). Pure.
 */
public final class DynamoDbAccess implements AccessRules {
    private final String tables;

    public DynamoDbAccess(String region, String account) {
        this.tables = "arn:aws:dynamodb:" + region + ":" + account + ":table/";
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        JsonNode table = input == null ? null : input.get("TableName");
        if (table == null || !table.isTextual()) {
            return Access.ofOperation("dynamodb", operation);
        }
        JsonNode index = input.get("IndexName");
        return new Access(
                "dynamodb:" + operation,
                tables + table.asText() + (index != null && index.isTextual() ? "/index/" + index.asText() : ""));
    }

    /** DynamoDB has no routes; a request that reaches one asks for nothing in particular. */
    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        return Access.ofOperation("dynamodb", "*");
    }
}
