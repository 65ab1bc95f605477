package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.partiql.Statement;
import dev.lamina.dynamodb.partiql.StatementParser;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import java.util.Map;

/**
 * What a DynamoDB request asks to do (decision 38): {@code dynamodb:<Operation>} on the ARN of the
 * table its {@code TableName} names ({@code …:table/<name>/index/<index>} for a read of an index), or
 * on {@code *} for ListTables and the operations that may span tables (batches, transactions). An
 * ExecuteStatement asks what IAM names its statement: {@code dynamodb:PartiQLSelect},
 * {@code PartiQLInsert}, {@code PartiQLUpdate} or {@code PartiQLDelete} on its table or index (a
 * statement that does not parse asks {@code dynamodb:ExecuteStatement} on {@code *}, and is then
 * refused as malformed). Pure.
 */
public final class DynamoDbAccess implements AccessRules {
    private final String tables;

    public DynamoDbAccess(String region, String account) {
        this.tables = "arn:aws:dynamodb:" + region + ":" + account + ":table/";
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        if (operation.equals("ExecuteStatement")
                && input != null
                && input.path("Statement").isTextual()) {
            Access statement = ofStatement(input.get("Statement").asText());
            if (statement != null) {
                return statement;
            }
        }
        JsonNode table = input == null ? null : input.get("TableName");
        if (table == null || !table.isTextual()) {
            return Access.ofOperation("dynamodb", operation);
        }
        JsonNode index = input.get("IndexName");
        return new Access(
                "dynamodb:" + operation,
                tables + table.asText() + (index != null && index.isTextual() ? "/index/" + index.asText() : ""));
    }

    private Access ofStatement(String text) {
        Statement statement;
        try {
            statement = StatementParser.parse(text).statement();
        } catch (AwsException e) {
            return null;
        }
        String table = tables + statement.table();
        return switch (statement) {
            case Statement.Select s ->
                new Access("dynamodb:PartiQLSelect", table + (s.index() == null ? "" : "/index/" + s.index()));
            case Statement.Insert i -> new Access("dynamodb:PartiQLInsert", table);
            case Statement.Update u -> new Access("dynamodb:PartiQLUpdate", table);
            case Statement.Delete d -> new Access("dynamodb:PartiQLDelete", table);
            case Statement.Exists e -> null;
        };
    }

    /** DynamoDB has no routes; a request that reaches one asks for nothing in particular. */
    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        return Access.ofOperation("dynamodb", "*");
    }
}
