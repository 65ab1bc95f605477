package dev.lamina.dynamodb.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CreateTable's input checked as DynamoDB checks it (key schemas, attribute definitions, billing and
 * throughput, indexes), with its messages, and turned into a {@link Table} whose description is what
 * DescribeTable answers. Pure.
 */
public final class TableDefinitions {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final String PARAMS = "One or more parameter values were invalid: ";

    private TableDefinitions() {}

    /** A table name as DynamoDB's model constrains it (3 to 255 of {@code [a-zA-Z0-9_.-]}). */
    public static void checkName(String name, String field) {
        if (name == null) {
            throw AwsException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        List<String> errors = new ArrayList<>();
        if (name.length() < 3) {
            errors.add("Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 3");
        }
        if (name.length() > 255) {
            errors.add("Value '" + name + "' at '" + field
                    + "' failed to satisfy constraint: Member must have length less than or equal to 255");
        }
        if (!NAME.matcher(name).matches()) {
            errors.add(
                    "Value '" + name + "' at '" + field
                            + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (!errors.isEmpty()) {
            throw AwsException.validation(errors.size() + " validation error" + (errors.size() > 1 ? "s" : "")
                    + " detected: " + String.join("; ", errors));
        }
    }

    /**
     * The table CreateTable's {@code input} defines.
     *
     * @param arn the table's ARN
     * @param id the table's id (a UUID)
     * @throws AwsException a {@code ValidationException} with DynamoDB's message for what is wrong
     */
    public static Table create(JsonNode input, String arn, String id, Instant created) {
        String name = input.path("TableName").asText(null);
        checkName(name, "tableName");
        Map<String, String> definitions = new LinkedHashMap<>();
        JsonNode defs = input.path("AttributeDefinitions");
        int index = 1;
        for (JsonNode d : defs) {
            String type = d.path("AttributeType").asText("");
            if (!Set.of("S", "N", "B").contains(type)) {
                throw AwsException.validation("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions."
                        + index + ".member.attributeType' failed to satisfy constraint: Member must satisfy enum"
                        + " value set: [B, N, S]");
            }
            if (definitions.put(d.path("AttributeName").asText(), type) != null) {
                throw AwsException.validation(PARAMS + "Duplicate AttributeName found in AttributeDefinitions: "
                        + d.path("AttributeName").asText());
            }
            index++;
        }
        KeySchema key = keySchema(input.path("KeySchema"), definitions, null);
        Set<String> used = new HashSet<>(key.names());

        String billing = input.path("BillingMode").asText("PROVISIONED");
        if (!billing.equals("PROVISIONED") && !billing.equals("PAY_PER_REQUEST")) {
            throw AwsException.validation("1 validation error detected: Value '" + billing + "' at 'billingMode' failed"
                    + " to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
        }
        ObjectNode throughput =
                throughput(input.path("ProvisionedThroughput"), billing, input.has("BillingMode"), null);

        List<Table.Index> indexes = new ArrayList<>();
        ArrayNode lsis = NODES.arrayNode();
        for (JsonNode lsi : input.path("LocalSecondaryIndexes")) {
            if (key.range() == null) {
                throw AwsException.validation(PARAMS + "Table KeySchema does not have a range key, which is required"
                        + " when specifying a LocalSecondaryIndex");
            }
            Table.Index i = index(lsi, false, definitions, indexes);
            if (!i.key().hash().name().equals(key.hash().name())) {
                throw AwsException.validation(PARAMS + "Index KeySchema does not have the same leading hash key as"
                        + " table KeySchema for index: " + i.name() + ". index hash key: "
                        + i.key().hash().name()
                        + ", table hash key: " + key.hash().name());
            }
            if (i.key().range() == null) {
                throw AwsException.validation(PARAMS + "Index KeySchema must have a range key for index: " + i.name());
            }
            indexes.add(i);
            used.addAll(i.key().names());
            lsis.add(indexDescription(i, arn, null));
        }
        ArrayNode gsis = NODES.arrayNode();
        for (JsonNode gsi : input.path("GlobalSecondaryIndexes")) {
            Table.Index i = index(gsi, true, definitions, indexes);
            ObjectNode gsiThroughput = throughput(gsi.path("ProvisionedThroughput"), billing, true, i.name());
            indexes.add(i);
            used.addAll(i.key().names());
            gsis.add(indexDescription(i, arn, gsiThroughput));
        }
        if (!used.containsAll(definitions.keySet()) || used.size() != definitions.size()) {
            throw AwsException.validation(PARAMS + "Number of attributes in KeySchema does not exactly match number"
                    + " of attributes defined in AttributeDefinitions");
        }

        ObjectNode d = NODES.objectNode();
        ArrayNode attributeDefinitions = d.putArray("AttributeDefinitions");
        definitions.forEach((n, t) ->
                attributeDefinitions.addObject().put("AttributeName", n).put("AttributeType", t));
        d.put("TableName", name);
        d.set("KeySchema", keySchemaDocument(key));
        d.put("CreationDateTime", created.toEpochMilli() / 1000.0);
        d.set("ProvisionedThroughput", throughput);
        d.put("TableArn", arn);
        d.put("TableId", id);
        if (billing.equals("PAY_PER_REQUEST")) {
            d.putObject("BillingModeSummary")
                    .put("BillingMode", billing)
                    .put("LastUpdateToPayPerRequestDateTime", created.toEpochMilli() / 1000.0);
        }
        if (!lsis.isEmpty()) {
            d.set("LocalSecondaryIndexes", lsis);
        }
        if (!gsis.isEmpty()) {
            d.set("GlobalSecondaryIndexes", gsis);
        }
        d.put("DeletionProtectionEnabled", false);
        return new Table(name, key, indexes, d);
    }

    /** The table a stored description (from {@link #create}) describes. */
    public static Table load(ObjectNode description) {
        Map<String, String> definitions = new LinkedHashMap<>();
        description
                .path("AttributeDefinitions")
                .forEach(d -> definitions.put(
                        d.path("AttributeName").asText(),
                        d.path("AttributeType").asText()));
        List<Table.Index> indexes = new ArrayList<>();
        for (String kind : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
            for (JsonNode i : description.path(kind)) {
                indexes.add(index(i, kind.startsWith("Global"), definitions, List.of()));
            }
        }
        return new Table(
                description.path("TableName").asText(),
                keySchema(description.path("KeySchema"), definitions, null),
                indexes,
                description);
    }

    private static Table.Index index(
            JsonNode node, boolean global, Map<String, String> definitions, List<Table.Index> earlier) {
        String name = node.path("IndexName").asText(null);
        checkName(name, (global ? "globalSecondaryIndexes" : "localSecondaryIndexes") + ".1.member.indexName");
        if (earlier.stream().anyMatch(i -> i.name().equals(name))) {
            throw AwsException.validation(PARAMS + "Duplicate index name: " + name);
        }
        KeySchema key = keySchema(node.path("KeySchema"), definitions, name);
        JsonNode projection = node.path("Projection");
        String type = projection.path("ProjectionType").asText("");
        if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
            throw AwsException.validation(PARAMS + "Unknown ProjectionType: " + type);
        }
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        if (type.equals("INCLUDE") == nonKey.isEmpty()) {
            throw AwsException.validation(PARAMS
                    + (nonKey.isEmpty()
                            ? "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"
                            : "ProjectionType is " + type + ", but NonKeyAttributes is specified"));
        }
        return new Table.Index(name, global, key, type, nonKey);
    }

    private static KeySchema keySchema(JsonNode schema, Map<String, String> definitions, String index) {
        if (!schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw AwsException.validation("1 validation error detected: Value '" + schema + "' at '"
                    + (index == null ? "keySchema" : "keySchema") + "' failed to satisfy constraint: Member must have"
                    + " length " + (schema.size() > 2 ? "less than or equal to 2" : "greater than or equal to 1"));
        }
        if (!schema.get(0).path("KeyType").asText().equals("HASH")) {
            throw AwsException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (schema.size() == 2 && !schema.get(1).path("KeyType").asText().equals("RANGE")) {
            throw AwsException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        Set<String> names = new LinkedHashSet<>();
        schema.forEach(e -> names.add(e.path("AttributeName").asText()));
        if (names.size() < schema.size()) {
            throw AwsException.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (!definitions.keySet().containsAll(names)) {
            List<String> missing = new ArrayList<>(names);
            missing.removeAll(definitions.keySet());
            throw AwsException.validation(PARAMS + "Some index key attributes are not defined in AttributeDefinitions."
                    + " Keys: " + missing + ", AttributeDefinitions: " + List.copyOf(definitions.keySet()));
        }
        String hash = schema.get(0).path("AttributeName").asText();
        KeyAttribute range = null;
        if (schema.size() == 2) {
            String r = schema.get(1).path("AttributeName").asText();
            range = new KeyAttribute(r, definitions.get(r));
        }
        return new KeySchema(new KeyAttribute(hash, definitions.get(hash)), range);
    }

    private static ObjectNode throughput(JsonNode given, String billing, boolean billingGiven, String index) {
        boolean hasRead = given.hasNonNull("ReadCapacityUnits");
        boolean hasWrite = given.hasNonNull("WriteCapacityUnits");
        ObjectNode out = NODES.objectNode();
        if (billing.equals("PAY_PER_REQUEST")) {
            if (!given.isMissingNode() && !given.isNull()) {
                throw AwsException.validation(PARAMS + "Neither ReadCapacityUnits nor WriteCapacityUnits can be"
                        + " specified when BillingMode is PAY_PER_REQUEST");
            }
            return out.put("NumberOfDecreasesToday", 0)
                    .put("ReadCapacityUnits", 0)
                    .put("WriteCapacityUnits", 0);
        }
        if (!hasRead || !hasWrite) {
            if (index != null) {
                throw AwsException.validation(PARAMS + "ProvisionedThroughput must be specified for index: " + index);
            }
            throw AwsException.validation(
                    billingGiven
                            ? PARAMS
                                    + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is"
                                    + " PROVISIONED"
                            : "No provisioned throughput specified for the table");
        }
        long read = given.get("ReadCapacityUnits").asLong();
        long write = given.get("WriteCapacityUnits").asLong();
        if (read < 1 || write < 1) {
            throw AwsException.validation(PARAMS + "Provisioned throughput values must be greater than 0");
        }
        return out.put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", read)
                .put("WriteCapacityUnits", write);
    }

    private static ArrayNode keySchemaDocument(KeySchema key) {
        ArrayNode out = NODES.arrayNode();
        out.addObject().put("AttributeName", key.hash().name()).put("KeyType", "HASH");
        if (key.range() != null) {
            out.addObject().put("AttributeName", key.range().name()).put("KeyType", "RANGE");
        }
        return out;
    }

    private static ObjectNode indexDescription(Table.Index index, String tableArn, ObjectNode throughput) {
        ObjectNode out = NODES.objectNode();
        out.put("IndexName", index.name());
        out.set("KeySchema", keySchemaDocument(index.key()));
        ObjectNode projection = out.putObject("Projection").put("ProjectionType", index.projection());
        if (!index.nonKeyAttributes().isEmpty()) {
            ArrayNode nonKey = projection.putArray("NonKeyAttributes");
            index.nonKeyAttributes().forEach(nonKey::add);
        }
        if (throughput != null) {
            out.put("IndexStatus", "ACTIVE");
            out.set("ProvisionedThroughput", throughput);
        }
        out.put("IndexArn", tableArn + "/index/" + index.name());
        return out;
    }
}
