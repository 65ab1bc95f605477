package dev.lamina.dynamodb.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attribute values as DynamoDB's JSON writes them ({@code {"S": "x"}}, {@code {"N": "1"}}, binary in
 * base64), read with DynamoDB's validation and its messages, and written back. The same form is how
 * items are stored, so a stored item is what a client sent, checked.
 */
public final class AttributeDocuments {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String PARAMS = "One or more parameter values were invalid: ";

    private AttributeDocuments() {}

    /** An item, key or attribute map; an absent or null document is empty. */
    public static Map<String, AttributeValue> item(JsonNode node) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (!node.isObject()) {
            throw AwsException.validation("Start of structure or map found where not expected");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), value(e.getValue()));
        }
        return out;
    }

    /** One value; exactly one of its type's fields must be set. */
    public static AttributeValue value(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw AwsException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the" + " supported datatypes");
        }
        String type = null;
        JsonNode content = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isNull()) {
                continue;
            }
            if (type != null) {
                throw AwsException.validation("Supplied AttributeValue has more than one datatypes set, must contain"
                        + " exactly one of the supported datatypes");
            }
            type = e.getKey();
            content = e.getValue();
        }
        if (type == null) {
            throw AwsException.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the" + " supported datatypes");
        }
        return switch (type) {
            case "S" -> new AttributeValue.S(content.asText());
            case "N" -> new AttributeValue.N(Numbers.parse(content.asText()));
            case "B" -> new AttributeValue.B(binary(content));
            case "BOOL" -> new AttributeValue.Bool(content.asBoolean());
            case "NULL" -> {
                if (!content.asBoolean()) {
                    throw AwsException.validation(PARAMS + "Null attribute value types must have the value of true");
                }
                yield new AttributeValue.Null();
            }
            case "M" -> new AttributeValue.M(item(content));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                content.forEach(v -> list.add(value(v)));
                yield new AttributeValue.L(list);
            }
            case "SS" -> {
                Set<String> set = new LinkedHashSet<>();
                content.forEach(v -> set.add(v.asText()));
                checkSet(content, set.size(), "string");
                yield new AttributeValue.SS(set);
            }
            case "NS" -> {
                Set<BigDecimal> set = new LinkedHashSet<>();
                content.forEach(v -> set.add(Numbers.parse(v.asText())));
                checkSet(content, set.size(), "number");
                yield new AttributeValue.NS(set);
            }
            case "BS" -> {
                Set<AttributeValue.Binary> set = new LinkedHashSet<>();
                content.forEach(v -> set.add(binary(v)));
                checkSet(content, set.size(), "binary");
                yield new AttributeValue.BS(set);
            }
            default ->
                throw AwsException.validation("Supplied AttributeValue has unsupported datatype " + type
                        + ", must contain exactly one of" + " the supported datatypes");
        };
    }

    private static void checkSet(JsonNode content, int distinct, String kind) {
        if (content.isEmpty()) {
            throw AwsException.validation(PARAMS + "An " + kind + " set  may not be empty");
        }
        if (distinct != content.size()) {
            List<String> shown = new ArrayList<>();
            content.forEach(v -> shown.add(v.asText()));
            throw AwsException.validation(PARAMS + "Input collection " + shown + " contains duplicates.");
        }
    }

    private static AttributeValue.Binary binary(JsonNode node) {
        try {
            return new AttributeValue.Binary(
                    node.isBinary() ? node.binaryValue() : Base64.getDecoder().decode(node.asText()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new AwsException(
                    400,
                    "SerializationException",
                    "Base64 encoded length is expected a multiple of 4" + " bytes but found: "
                            + node.asText().length());
        }
    }

    /** An item in DynamoDB's JSON. */
    public static ObjectNode document(Map<String, AttributeValue> item) {
        ObjectNode out = NODES.objectNode();
        item.forEach((name, v) -> out.set(name, document(v)));
        return out;
    }

    /** One value in DynamoDB's JSON. */
    public static ObjectNode document(AttributeValue value) {
        ObjectNode out = NODES.objectNode();
        switch (value) {
            case AttributeValue.S s -> out.put("S", s.value());
            case AttributeValue.N n -> out.put("N", n.text());
            case AttributeValue.B b ->
                out.put("B", Base64.getEncoder().encodeToString(b.value().bytes()));
            case AttributeValue.Bool b -> out.put("BOOL", b.value());
            case AttributeValue.Null ignored -> out.put("NULL", true);
            case AttributeValue.M m -> out.set("M", document(m.value()));
            case AttributeValue.L l -> {
                ArrayNode list = out.putArray("L");
                l.value().forEach(v -> list.add(document(v)));
            }
            case AttributeValue.SS ss -> {
                ArrayNode list = out.putArray("SS");
                ss.value().forEach(list::add);
            }
            case AttributeValue.NS ns -> {
                ArrayNode list = out.putArray("NS");
                ns.value().forEach(n -> list.add(n.toPlainString()));
            }
            case AttributeValue.BS bs -> {
                ArrayNode list = out.putArray("BS");
                bs.value().forEach(b -> list.add(Base64.getEncoder().encodeToString(b.bytes())));
            }
        }
        return out;
    }

    /**
     * An item in DynamoDB's JSON as plain maps and lists, for an error's structured members
     * ({@link AwsException#documents()}).
     */
    public static Map<String, Object> plain(Map<String, AttributeValue> item) {
        @SuppressWarnings("unchecked")
        Map<String, Object> out = PLAIN.convertValue(document(item), Map.class);
        return out;
    }
}
