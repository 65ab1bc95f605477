package dev.lamina.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.core.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags as both APIs write them: {@code [{"Key": …, "Value": …}, …]}. */
final class TagDocuments {
    private TagDocuments() {}

    /** The tags of a request's list, or none when it has no list; a malformed one is a ValidationException. */
    static Map<String, String> read(JsonNode list) {
        Map<String, String> out = new LinkedHashMap<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw AwsException.validation("Tags is a list of {Key, Value}.");
        }
        for (JsonNode tag : list) {
            if (!tag.path("Key").isTextual() || !tag.path("Value").isTextual()) {
                throw AwsException.validation("Each tag has a Key and a Value.");
            }
            out.put(tag.get("Key").asText(), tag.get("Value").asText());
        }
        return out;
    }

    static ArrayNode write(Map<String, String> tags) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        tags.forEach((k, v) -> out.addObject().put("Key", k).put("Value", v));
        return out;
    }
}
