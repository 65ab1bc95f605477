package dev.lamina.dynamodb.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dynamodb.stream.StreamIterator;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import java.util.Map;

/**
 * What a DynamoDB Streams request asks to do (decision 38): {@code dynamodb:<Operation>} on the
 * stream's ARN (GetRecords names it through its iterator), or on {@code *} for ListStreams. Pure.
 */
public final class DynamoDbStreamsAccess implements AccessRules {
    @Override
    public Access ofOperation(String operation, JsonNode input) {
        JsonNode arn = input == null ? null : input.get("StreamArn");
        if (arn != null && arn.isTextual()) {
            return new Access("dynamodb:" + operation, arn.asText());
        }
        JsonNode iterator = input == null ? null : input.get("ShardIterator");
        if (iterator != null && iterator.isTextual()) {
            try {
                return new Access("dynamodb:" + operation, StreamIterator.decode(iterator.asText()).stream());
            } catch (RuntimeException e) {
                // a malformed iterator is refused by GetRecords itself; asking for it grants nothing
            }
        }
        return Access.ofOperation("dynamodb", operation);
    }

    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        return Access.ofOperation("dynamodb", "*");
    }
}
