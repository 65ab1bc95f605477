package dev.lamina.cloudformation.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A resource a stack made.
 *
 * @param physicalId what {@code Ref} gives (a queue's URL, a function's name)
 * @param attributes what {@code Fn::GetAtt} gives, by attribute name
 * @param properties the properties it was made with, resolved (what an update compares against)
 * @param status e.g. {@code CREATE_COMPLETE}
 */
public record StackResource(
        String logicalId,
        String type,
        String physicalId,
        Map<String, String> attributes,
        JsonNode properties,
        String status,
        Instant updated) {
    public StackResource {
        attributes = Map.copyOf(attributes);
    }
}
