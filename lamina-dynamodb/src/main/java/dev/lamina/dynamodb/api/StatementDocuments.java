package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.Statements;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ExecuteStatement, BatchExecuteStatement and ExecuteTransaction over their documents. A read's
 * NextToken is the base64 of its LastEvaluatedKey and a hash of the statement, so a token only
 * continues the statement it came from.
 */
final class StatementDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Statements statements;

    StatementDocuments(Statements statements) {
        this.statements = statements;
    }

    void execute(JsonNode in, ObjectNode out) {
        Statements.Request request = request(in);
        if (in.hasNonNull("Limit") && in.get("Limit").asInt() < 1) {
            throw AwsException.validation(
                    "1 validation error detected: Value '" + in.get("Limit").asInt()
                            + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        Statements.Result result = statements.execute(
                request,
                in.hasNonNull("Limit") ? in.get("Limit").asInt() : null,
                start(DynamoDbApi.text(in, "NextToken"), request.statement()),
                DynamoDbApi.text(in, "ReturnValuesOnConditionCheckFailure"));
        ArrayNode list = out.putArray("Items");
        result.items().forEach(item -> list.add(AttributeDocuments.document(item)));
        if (result.lastEvaluatedKey() != null) {
            out.put("NextToken", token(result.lastEvaluatedKey(), request.statement()));
            out.set("LastEvaluatedKey", AttributeDocuments.document(result.lastEvaluatedKey()));
        }
    }

    void batch(JsonNode in, ObjectNode out) {
        List<Statements.Request> requests = requests(in, "Statements", 25);
        ArrayNode responses = out.putArray("Responses");
        for (Statements.Outcome outcome : statements.batch(requests)) {
            ObjectNode response = responses.addObject();
            if (outcome.errorCode() != null) {
                ObjectNode error = response.putObject("Error");
                error.put("Code", outcome.errorCode());
                error.put("Message", outcome.errorMessage());
                if (outcome.table() != null) {
                    response.put("TableName", outcome.table());
                }
            } else if (outcome.item() != null) {
                response.set("Item", AttributeDocuments.document(outcome.item()));
            }
        }
    }

    void transaction(JsonNode in, ObjectNode out) {
        List<Statements.Request> requests = requests(in, "TransactStatements", 100);
        List<Optional<Map<String, AttributeValue>>> read = statements.transaction(requests);
        if (!read.isEmpty()) {
            ArrayNode responses = out.putArray("Responses");
            read.forEach(item -> {
                ObjectNode response = responses.addObject();
                item.ifPresent(i -> response.set("Item", AttributeDocuments.document(i)));
            });
        }
    }

    /** The statements of {@code member}, 1 to {@code most} of them. */
    private static List<Statements.Request> requests(JsonNode in, String member, int most) {
        JsonNode given = in.path(member);
        if (given.isEmpty() || given.size() > most) {
            throw AwsException.validation("1 validation error detected: Value at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must have length "
                    + (given.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + most));
        }
        List<Statements.Request> requests = new ArrayList<>();
        given.forEach(s -> requests.add(request(s)));
        return requests;
    }

    private static Statements.Request request(JsonNode in) {
        String statement = DynamoDbApi.text(in, "Statement");
        if (statement == null) {
            throw AwsException.validation("1 validation error detected: Value null at 'statement' failed to satisfy"
                    + " constraint: Member must not be null");
        }
        if (statement.isEmpty() || statement.length() > 8192) {
            throw AwsException.validation("1 validation error detected: Value at 'statement' failed to satisfy"
                    + " constraint: Member must have length "
                    + (statement.isEmpty() ? "greater than or equal to 1" : "less than or equal to 8192"));
        }
        if (in.has("Parameters") && in.get("Parameters").isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value '[]' at 'parameters' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        List<AttributeValue> parameters = new ArrayList<>();
        in.path("Parameters").forEach(p -> parameters.add(AttributeDocuments.value(p)));
        return new Statements.Request(
                statement, parameters, in.path("ConsistentRead").asBoolean(false));
    }

    private static String token(Map<String, AttributeValue> lastEvaluatedKey, String statement) {
        ObjectNode token = JSON.createObjectNode();
        token.put("statement", Integer.toHexString(statement.hashCode()));
        token.set("key", AttributeDocuments.document(lastEvaluatedKey));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The key a NextToken resumes after ({@code null} without one). */
    private static Map<String, AttributeValue> start(String nextToken, String statement) {
        if (nextToken == null) {
            return null;
        }
        JsonNode token;
        try {
            token = JSON.readTree(Base64.getUrlDecoder().decode(nextToken));
        } catch (IOException | IllegalArgumentException e) {
            throw AwsException.validation("Invalid NextToken");
        }
        if (token == null || !token.path("key").isObject()) {
            throw AwsException.validation("Invalid NextToken");
        }
        if (!token.path("statement").asText().equals(Integer.toHexString(statement.hashCode()))) {
            throw AwsException.validation("NextToken does not match request");
        }
        return AttributeDocuments.item(token.get("key"));
    }
}
