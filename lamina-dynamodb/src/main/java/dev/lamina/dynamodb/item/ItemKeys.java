package dev.lamina.dynamodb.item;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.attribute.KeyEncoding;
import dev.lamina.dynamodb.table.DynamoDbErrors;
import dev.lamina.dynamodb.table.KeyAttribute;
import dev.lamina.dynamodb.table.KeySchema;
import dev.lamina.dynamodb.table.Table;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Keys and items checked against a table's key schema, as DynamoDB checks them, with its messages:
 * a key given alone (GetItem, DeleteItem, UpdateItem, ExclusiveStartKey) must be exactly the key's
 * attributes; an item (PutItem) must hold them, of their declared types, not empty, and within the
 * key size limits (2048 bytes for a hash value, 1024 for a range value). Pure.
 */
public final class ItemKeys {
    /** DynamoDB's largest item: 400 KB, names and values counted by {@link AttributeValue#size()}. */
    public static final int MAX_ITEM_SIZE = 400 * 1024;

    private ItemKeys() {}

    /** The stored key of a key given alone; refuses anything but exactly the table's key attributes. */
    public static ItemKey key(Table table, Map<String, AttributeValue> key) {
        KeySchema schema = table.key();
        if (key.size() != schema.names().size()) {
            throw DynamoDbErrors.keyMismatch();
        }
        byte[] hash = part(schema.hash(), key.get(schema.hash().name()), false);
        byte[] range = schema.range() == null
                ? new byte[0]
                : part(schema.range(), key.get(schema.range().name()), false);
        return new ItemKey(hash, range);
    }

    /** The stored key of an item to put; refuses an item without its key or with a malformed one. */
    public static ItemKey itemKey(Table table, Map<String, AttributeValue> item) {
        KeySchema schema = table.key();
        byte[] hash = part(schema.hash(), item.get(schema.hash().name()), true);
        byte[] range = schema.range() == null
                ? new byte[0]
                : part(schema.range(), item.get(schema.range().name()), true);
        for (Table.Index index : table.indexes()) {
            for (String name : index.key().names()) {
                KeyAttribute attribute = name.equals(index.key().hash().name())
                        ? index.key().hash()
                        : index.key().range();
                AttributeValue v = item.get(name);
                if (v != null && !v.type().equals(attribute.type())) {
                    throw DynamoDbErrors.invalid("Type mismatch for Index Key " + name + " Expected: "
                            + attribute.type() + " Actual: " + v.type() + " IndexName: " + index.name());
                }
                if (v != null && empty(v)) {
                    throw AwsException.validation("One or more parameter values are not valid. A value specified for"
                            + " a secondary index key is not supported. The AttributeValue for a key attribute cannot"
                            + " contain an empty " + (v instanceof AttributeValue.S ? "string" : "binary")
                            + " value. IndexName: " + index.name() + ", IndexKey: " + name);
                }
            }
        }
        return new ItemKey(hash, range);
    }

    /** Refuses an item past 400 KB with {@code message} (PutItem's and UpdateItem's differ). */
    public static int checkSize(Map<String, AttributeValue> item, String message) {
        int size = new AttributeValue.M(item).size() - 3;
        if (size > MAX_ITEM_SIZE) {
            throw AwsException.validation(message);
        }
        return size;
    }

    private static byte[] part(KeyAttribute attribute, AttributeValue value, boolean inItem) {
        if (value == null) {
            throw inItem
                    ? DynamoDbErrors.invalid("Missing the key " + attribute.name() + " in the item")
                    : DynamoDbErrors.keyMismatch();
        }
        if (!value.type().equals(attribute.type())) {
            throw inItem
                    ? DynamoDbErrors.invalid("Type mismatch for key " + attribute.name() + " expected: "
                            + attribute.type() + " actual: " + value.type())
                    : DynamoDbErrors.keyMismatch();
        }
        if (empty(value)) {
            throw AwsException.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                    + " value. Key: " + attribute.name());
        }
        byte[] bytes = KeyEncoding.encode(value);
        return bytes;
    }

    /** Checks the key values' sizes: DynamoDB limits a hash value to 2048 bytes, a range value to 1024. */
    public static void checkKeySizes(Table table, Map<String, AttributeValue> item) {
        if (raw(item.get(table.key().hash().name())) > 2048) {
            throw DynamoDbErrors.invalid("Size of hashkey has exceeded the maximum size limit of 2048 bytes");
        }
        if (table.key().range() != null && raw(item.get(table.key().range().name())) > 1024) {
            throw DynamoDbErrors.invalid("Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    private static int raw(AttributeValue v) {
        return switch (v) {
            case AttributeValue.S s -> s.value().getBytes(StandardCharsets.UTF_8).length;
            case AttributeValue.B b -> b.value().bytes().length;
            default -> 0;
        };
    }

    private static boolean empty(AttributeValue v) {
        return (v instanceof AttributeValue.S s && s.value().isEmpty())
                || (v instanceof AttributeValue.B b && b.value().bytes().length == 0);
    }
}
