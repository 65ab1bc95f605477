package dev.lamina.dynamodb.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeDocuments;
import dev.lamina.dynamodb.attribute.AttributeValue;
import dev.lamina.dynamodb.table.Table;
import dev.lamina.dynamodb.table.TableDefinitions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Items and keys checked against a table's key schema, with DynamoDB's messages. */
class ItemKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Table TABLE = table();

    private static Table table() {
        try {
            return TableDefinitions.create(
                    JSON.readTree(("{'TableName':'tbl','BillingMode':'PAY_PER_REQUEST',"
                                    + "'AttributeDefinitions':[{'AttributeName':'pk','AttributeType':'S'},"
                                    + "{'AttributeName':'sk','AttributeType':'N'}],"
                                    + "'KeySchema':[{'AttributeName':'pk','KeyType':'HASH'},"
                                    + "{'AttributeName':'sk','KeyType':'RANGE'}]}")
                            .replace('\'', '"')),
                    "arn:aws:dynamodb:us-east-1:000000000000:table/t",
                    "id",
                    Instant.EPOCH);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AttributeValue> item(String json) throws Exception {
        return AttributeDocuments.item(JSON.readTree(json.replace('\'', '"')));
    }

    private static String refused(Runnable check) {
        return assertThrows(AwsException.class, check::run).getMessage();
    }

    @Test
    void anItemNeedsItsWholeKeyOfTheDeclaredTypes() throws Exception {
        Map<String, AttributeValue> noRange = item("{'pk':{'S':'a'}}");
        assertEquals(
                "One or more parameter values were invalid: Missing the key sk in the item",
                refused(() -> ItemKeys.itemKey(TABLE, noRange)));
        Map<String, AttributeValue> wrongType = item("{'pk':{'S':'a'},'sk':{'S':'1'}}");
        assertEquals(
                "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S",
                refused(() -> ItemKeys.itemKey(TABLE, wrongType)));
        Map<String, AttributeValue> empty = item("{'pk':{'S':''},'sk':{'N':'1'}}");
        assertEquals(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an"
                        + " empty string value. Key: pk",
                refused(() -> ItemKeys.itemKey(TABLE, empty)));
    }

    @Test
    void aKeyGivenAloneIsExactlyTheKey() throws Exception {
        Map<String, AttributeValue> extra = item("{'pk':{'S':'a'},'sk':{'N':'1'},'x':{'S':'y'}}");
        assertEquals("The provided key element does not match the schema", refused(() -> ItemKeys.key(TABLE, extra)));
        Map<String, AttributeValue> exact = item("{'sk':{'N':'1.0'},'pk':{'S':'a'}}");
        assertEquals(ItemKeys.key(TABLE, item("{'pk':{'S':'a'},'sk':{'N':'1'}}")), ItemKeys.key(TABLE, exact));
    }

    @Test
    void anItemPast400KbIsRefused() throws Exception {
        String big = "x".repeat(ItemKeys.MAX_ITEM_SIZE - 10);
        Map<String, AttributeValue> fits = item("{'pk':{'S':'a'},'sk':{'N':'1'},'v':{'S':'" + big + "'}}");
        ItemKeys.checkSize(fits, "too big");
        Map<String, AttributeValue> over =
                item("{'pk':{'S':'a'},'sk':{'N':'1'},'v':{'S':'" + big + "'},'w':{'S':'12345'}}");
        assertEquals("too big", refused(() -> ItemKeys.checkSize(over, "too big")));
    }
}
