package dev.lamina.dynamodb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DynamoDB's operations over their documents on a real SQLite file: no sockets, no sleeps. */
class DynamoDbApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database db;
    private DynamoDbApi api;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("dynamodb.db"));
        build();
    }

    /** The module's parts on the database, as a node builds them at each start. */
    private void build() {
        api = DynamoDbOnSqlite.api(db);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private JsonNode call(String operation, String json) throws Exception {
        return api.perform(operation, JSON.readTree(json.replace('\'', '"')));
    }

    private AwsException refused(String operation, String json) {
        return assertThrows(AwsException.class, () -> call(operation, json));
    }

    private void createOrders() throws Exception {
        call(
                "CreateTable",
                "{'TableName':'orders','BillingMode':'PAY_PER_REQUEST',"
                        + "'AttributeDefinitions':[{'AttributeName':'customer','AttributeType':'S'},"
                        + "{'AttributeName':'n','AttributeType':'N'}],"
                        + "'KeySchema':[{'AttributeName':'customer','KeyType':'HASH'},{'AttributeName':'n','KeyType':'RANGE'}]}");
    }

    private void put(String customer, String n, String more) throws Exception {
        call(
                "PutItem",
                "{'TableName':'orders','Item':{'customer':{'S':'" + customer + "'},'n':{'N':'" + n + "'}" + more
                        + "}}");
    }

    @Test
    void tablesAreCreatedDescribedListedAndDeleted() throws Exception {
        createOrders();
        JsonNode table = call("DescribeTable", "{'TableName':'orders'}").get("Table");
        assertEquals("ACTIVE", table.get("TableStatus").asText());
        assertEquals(
                "PAY_PER_REQUEST", table.at("/BillingModeSummary/BillingMode").asText());
        assertEquals(
                "arn:aws:dynamodb:us-east-1:000000000000:table/orders",
                table.get("TableArn").asText());
        assertEquals(0, table.get("ItemCount").asInt());
        AwsException exists = refused(
                "CreateTable",
                "{'TableName':'orders','BillingMode':'PAY_PER_REQUEST',"
                        + "'AttributeDefinitions':[{'AttributeName':'a','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}]}");
        assertEquals("ResourceInUseException", exists.code());
        assertEquals("Table already exists: orders", exists.getMessage());

        for (String name : List.of("t-1", "t-2", "t-3")) {
            call(
                    "CreateTable",
                    "{'TableName':'" + name + "','ProvisionedThroughput':{'ReadCapacityUnits':5,"
                            + "'WriteCapacityUnits':5},'AttributeDefinitions':[{'AttributeName':'a','AttributeType':'B'}],"
                            + "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}]}");
        }
        JsonNode first = call("ListTables", "{'Limit':2}");
        assertEquals("[\"orders\",\"t-1\"]", first.get("TableNames").toString());
        JsonNode second = call("ListTables", "{'Limit':2,'ExclusiveStartTableName':'t-1'}");
        assertEquals("[\"t-2\",\"t-3\"]", second.get("TableNames").toString());
        assertFalse(second.has("LastEvaluatedTableName"), second.toString());

        put("ann", "1", "");
        assertEquals(
                1,
                call("DescribeTable", "{'TableName':'orders'}")
                        .at("/Table/ItemCount")
                        .asInt());
        assertEquals(
                "DELETING",
                call("DeleteTable", "{'TableName':'orders'}")
                        .at("/TableDescription/TableStatus")
                        .asText());
        AwsException gone = refused("DescribeTable", "{'TableName':'orders'}");
        assertEquals("ResourceNotFoundException", gone.code());
        assertEquals("Requested resource not found: Table: orders not found", gone.getMessage());
        createOrders(); // its items went with it
        assertEquals(0, call("Scan", "{'TableName':'orders'}").get("Count").asInt());
    }

    @Test
    void malformedTablesAreRefusedWithDynamoDbsMessagesAndNothingIsMade() throws Exception {
        String[][] cases = {
            {
                "{'TableName':'bad','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'a',"
                        + "'AttributeType':'S'}],'KeySchema':[{'AttributeName':'b','KeyType':'HASH'}]}",
                "One or more parameter values were invalid: Some index key attributes are not defined in"
                        + " AttributeDefinitions. Keys: [b], AttributeDefinitions: [a]"
            },
            {
                "{'TableName':'bad','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'a',"
                        + "'AttributeType':'S'},{'AttributeName':'x','AttributeType':'S'}],'KeySchema':[{'AttributeName':"
                        + "'a','KeyType':'HASH'}]}",
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match"
                        + " number of attributes defined in AttributeDefinitions"
            },
            {
                "{'TableName':'bad','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'a',"
                        + "'AttributeType':'S'}],'KeySchema':[{'AttributeName':'a','KeyType':'RANGE'}]}",
                "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
            },
            {
                "{'TableName':'bad','AttributeDefinitions':[{'AttributeName':'a','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}]}",
                "No provisioned throughput specified for the table"
            },
            {
                "{'TableName':'bad','BillingMode':'PAY_PER_REQUEST','ProvisionedThroughput':{'ReadCapacityUnits':1,"
                        + "'WriteCapacityUnits':1},'AttributeDefinitions':[{'AttributeName':'a','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}]}",
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be"
                        + " specified when BillingMode is PAY_PER_REQUEST"
            },
            {
                "{'TableName':'ab','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'a',"
                        + "'AttributeType':'S'}],'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}]}",
                "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must"
                        + " have length greater than or equal to 3"
            },
            {
                "{'TableName':'bad','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'a',"
                        + "'AttributeType':'S'}],'KeySchema':[{'AttributeName':'a','KeyType':'HASH'}],"
                        + "'LocalSecondaryIndexes':[{'IndexName':'lsi','KeySchema':[{'AttributeName':'a','KeyType':'HASH'}],"
                        + "'Projection':{'ProjectionType':'ALL'}}]}",
                "One or more parameter values were invalid: Table KeySchema does not have a range key, which is"
                        + " required when specifying a LocalSecondaryIndex"
            },
        };
        for (String[] c : cases) {
            AwsException e = refused("CreateTable", c[0]);
            assertEquals("ValidationException", e.code(), c[0]);
            assertEquals(c[1], e.getMessage());
        }
        assertEquals("[]", call("ListTables", "{}").get("TableNames").toString());
    }

    @Test
    void writesWithConditionsAndReturnValues() throws Exception {
        createOrders();
        put("ann", "1", ",'total':{'N':'10'},'tags':{'SS':['a']}");
        AwsException failed = refused(
                "PutItem",
                "{'TableName':'orders','Item':{'customer':{'S':'ann'},'n':{'N':'1'}},"
                        + "'ConditionExpression':'attribute_not_exists(customer)'}");
        assertEquals("ConditionalCheckFailedException", failed.code());
        assertEquals("The conditional request failed", failed.getMessage());
        assertTrue(failed.documents().isEmpty());
        AwsException withItem = refused(
                "DeleteItem",
                "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}},"
                        + "'ConditionExpression':'attribute_not_exists(tags)','ReturnValuesOnConditionCheckFailure':'ALL_OLD'}");
        assertEquals(
                "{N=10}",
                ((java.util.Map<?, ?>) withItem.documents().get("Item"))
                        .get("total")
                        .toString());

        JsonNode updated = call(
                "UpdateItem",
                "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}},"
                        + "'UpdateExpression':'SET #t = #t + :d ADD tags :t','ConditionExpression':'#t > :zero',"
                        + "'ExpressionAttributeNames':{'#t':'total'},'ExpressionAttributeValues':{':d':{'N':'2.5'},"
                        + "':t':{'SS':['b']},':zero':{'N':'0'}},'ReturnValues':'UPDATED_NEW'}");
        assertEquals(
                "{\"total\":{\"N\":\"12.5\"},\"tags\":{\"SS\":[\"a\",\"b\"]}}",
                updated.get("Attributes").toString());

        AwsException key = refused(
                "UpdateItem",
                "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}},"
                        + "'UpdateExpression':'SET n = :n','ExpressionAttributeValues':{':n':{'N':'2'}}}");
        assertEquals(
                "One or more parameter values were invalid: Cannot update attribute n. This attribute is part of the"
                        + " key",
                key.getMessage());

        JsonNode got = call(
                "GetItem",
                "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}},"
                        + "'ProjectionExpression':'#t','ExpressionAttributeNames':{'#t':'total'}}");
        assertEquals("{\"total\":{\"N\":\"12.5\"}}", got.get("Item").toString());

        JsonNode old = call(
                "DeleteItem",
                "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}}," + "'ReturnValues':'ALL_OLD'}");
        assertEquals("12.5", old.at("/Attributes/total/N").asText());
        assertFalse(call("GetItem", "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}}}")
                .has("Item"));

        // UpdateItem without an item makes one from the key
        JsonNode made = call(
                "UpdateItem",
                "{'TableName':'orders','Key':{'customer':{'S':'bob'},'n':{'N':'7'}},"
                        + "'UpdateExpression':'ADD visits :one','ExpressionAttributeValues':{':one':{'N':'1'}},"
                        + "'ReturnValues':'ALL_NEW'}");
        assertEquals(
                "{\"customer\":{\"S\":\"bob\"},\"n\":{\"N\":\"7\"},\"visits\":{\"N\":\"1\"}}",
                made.get("Attributes").toString());
        AwsException missing = refused("GetItem", "{'TableName':'nope','Key':{'customer':{'S':'bob'}}}");
        assertEquals("ResourceNotFoundException", missing.code());
        assertEquals("Requested resource not found", missing.getMessage());
    }

    @Test
    void queriesFollowNumericRangeOrderBothWaysAndPage() throws Exception {
        createOrders();
        List<String> numbers = List.of("-10", "-1.5", "0", "0.25", "2", "10", "100");
        for (String n : numbers.reversed()) {
            put("ann", n, ",'even':{'BOOL':" + (numbers.indexOf(n) % 2 == 0) + "}");
        }
        put("bob", "5", "");
        JsonNode all = call(
                "Query",
                "{'TableName':'orders','KeyConditionExpression':'customer = :c',"
                        + "'ExpressionAttributeValues':{':c':{'S':'ann'}}}");
        List<String> seen = new ArrayList<>();
        all.get("Items").forEach(i -> seen.add(i.at("/n/N").asText()));
        assertEquals(numbers, seen);

        JsonNode between = call(
                "Query",
                "{'TableName':'orders','KeyConditionExpression':'customer = :c AND n BETWEEN"
                        + " :lo AND :hi','FilterExpression':'even = :t','ScanIndexForward':false,"
                        + "'ExpressionAttributeValues':{':c':{'S':'ann'},':lo':{'N':'-1.5'},':hi':{'N':'10'},':t':{'BOOL':true}}}");
        assertEquals(2, between.get("Count").asInt());
        assertEquals(5, between.get("ScannedCount").asInt());
        assertEquals("2", between.at("/Items/0/n/N").asText());

        // pages of 3, each starting after the last one's LastEvaluatedKey
        List<String> paged = new ArrayList<>();
        String start = "";
        for (int page = 0; page < 5; page++) {
            JsonNode result = call(
                    "Query",
                    "{'TableName':'orders','KeyConditionExpression':'customer = :c AND n > :lo',"
                            + "'Limit':3,'ExpressionAttributeValues':{':c':{'S':'ann'},':lo':{'N':'-5'}}" + start
                            + "}");
            result.get("Items").forEach(i -> paged.add(i.at("/n/N").asText()));
            if (!result.has("LastEvaluatedKey")) {
                break;
            }
            start = ",'ExclusiveStartKey':"
                    + result.get("LastEvaluatedKey").toString().replace('"', '\'');
        }
        assertEquals(numbers.subList(1, numbers.size()), paged);

        JsonNode count = call(
                "Query",
                "{'TableName':'orders','KeyConditionExpression':'customer = :c AND n < :z',"
                        + "'Select':'COUNT','ExpressionAttributeValues':{':c':{'S':'ann'},':z':{'N':'0'}}}");
        assertFalse(count.has("Items"));
        assertEquals(2, count.get("Count").asInt());

        AwsException noHash = refused(
                "Query",
                "{'TableName':'orders','KeyConditionExpression':'n = :n',"
                        + "'ExpressionAttributeValues':{':n':{'N':'1'}}}");
        assertEquals("Query condition missed key schema element: customer", noHash.getMessage());
    }

    @Test
    void beginsWithOnStringRangeKeys() throws Exception {
        call(
                "CreateTable",
                "{'TableName':'files','BillingMode':'PAY_PER_REQUEST',"
                        + "'AttributeDefinitions':[{'AttributeName':'b','AttributeType':'S'},{'AttributeName':'k','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'b','KeyType':'HASH'},{'AttributeName':'k','KeyType':'RANGE'}]}");
        for (String k : List.of("a/1", "a/2", "a0", "b/1", "a")) {
            call("PutItem", "{'TableName':'files','Item':{'b':{'S':'x'},'k':{'S':'" + k + "'}}}");
        }
        JsonNode result = call(
                "Query",
                "{'TableName':'files','KeyConditionExpression':'b = :b AND begins_with(k, :p)',"
                        + "'ExpressionAttributeValues':{':b':{'S':'x'},':p':{'S':'a/'}}}");
        assertEquals(2, result.get("Count").asInt());
        assertEquals("a/1", result.at("/Items/0/k/S").asText());
    }

    @Test
    void scanSegmentsCoverTheTableOnceAndBatchesWriteAndRead() throws Exception {
        createOrders();
        StringBuilder puts = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            puts.append(i == 0 ? "" : ",")
                    .append("{'PutRequest':{'Item':{'customer':{'S':'c")
                    .append(i)
                    .append("'},'n':{'N':'1'}}}}");
        }
        call("BatchWriteItem", "{'RequestItems':{'orders':[" + puts + "]}}");
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            JsonNode page = call("Scan", "{'TableName':'orders','Segment':" + segment + ",'TotalSegments':3}");
            for (JsonNode item : page.get("Items")) {
                assertTrue(seen.add(item.at("/customer/S").asText()), "seen twice: " + item);
                total++;
            }
        }
        assertEquals(20, total);

        JsonNode got = call(
                "BatchGetItem",
                "{'RequestItems':{'orders':{'Keys':[{'customer':{'S':'c3'},'n':{'N':'1'}},"
                        + "{'customer':{'S':'nobody'},'n':{'N':'1'}}]}}}");
        assertEquals(1, got.at("/Responses/orders").size());
        assertEquals("{}", got.get("UnprocessedKeys").toString());

        // a malformed request in a batch writes none of it
        AwsException bad = refused(
                "BatchWriteItem",
                "{'RequestItems':{'orders':[{'DeleteRequest':{'Key':"
                        + "{'customer':{'S':'c1'},'n':{'N':'1'}}}},{'PutRequest':{'Item':{'customer':{'S':'c2'}}}}]}}");
        assertEquals("One or more parameter values were invalid: Missing the key n in the item", bad.getMessage());
        assertEquals(
                20,
                call("Scan", "{'TableName':'orders','Select':'COUNT'}")
                        .get("Count")
                        .asInt());
    }

    @Test
    void indexesFollowTheirItemsAndAreQueriedAndScanned() throws Exception {
        call(
                "CreateTable",
                "{'TableName':'games','BillingMode':'PAY_PER_REQUEST',"
                        + "'AttributeDefinitions':[{'AttributeName':'user','AttributeType':'S'},"
                        + "{'AttributeName':'game','AttributeType':'S'},{'AttributeName':'score','AttributeType':'N'},"
                        + "{'AttributeName':'level','AttributeType':'N'}],"
                        + "'KeySchema':[{'AttributeName':'user','KeyType':'HASH'},{'AttributeName':'game','KeyType':'RANGE'}],"
                        + "'LocalSecondaryIndexes':[{'IndexName':'by-level','KeySchema':[{'AttributeName':'user',"
                        + "'KeyType':'HASH'},{'AttributeName':'level','KeyType':'RANGE'}],'Projection':{'ProjectionType':'ALL'}}],"
                        + "'GlobalSecondaryIndexes':[{'IndexName':'top','KeySchema':[{'AttributeName':'game','KeyType':'HASH'},"
                        + "{'AttributeName':'score','KeyType':'RANGE'}],'Projection':{'ProjectionType':'KEYS_ONLY'}}]}");
        String[][] rows = {
            {"ann", "chess", "30", "2"},
            {"bob", "chess", "50", "1"},
            {"cid", "chess", "10", "3"},
            {"ann", "go", "70", "1"},
            {"dee", "chess", null, "9"}
        };
        for (String[] r : rows) {
            call(
                    "PutItem",
                    "{'TableName':'games','Item':{'user':{'S':'" + r[0] + "'},'game':{'S':'" + r[1] + "'},"
                            + (r[2] == null ? "" : "'score':{'N':'" + r[2] + "'},") + "'level':{'N':'" + r[3] + "'},"
                            + "'note':{'S':'x'}}}");
        }
        JsonNode top = call(
                "Query",
                "{'TableName':'games','IndexName':'top','KeyConditionExpression':'game = :g',"
                        + "'ScanIndexForward':false,'ExpressionAttributeValues':{':g':{'S':'chess'}}}");
        List<String> users = new ArrayList<>();
        top.get("Items").forEach(i -> users.add(i.at("/user/S").asText()));
        assertEquals(List.of("bob", "ann", "cid"), users, "dee has no score, so no row");
        assertFalse(top.at("/Items/0").has("note"), "KEYS_ONLY keeps the keys only");

        // bob's score changes: his row moves; cid's item goes: his row goes
        call(
                "UpdateItem",
                "{'TableName':'games','Key':{'user':{'S':'bob'},'game':{'S':'chess'}},"
                        + "'UpdateExpression':'SET score = :s','ExpressionAttributeValues':{':s':{'N':'5'}}}");
        call("DeleteItem", "{'TableName':'games','Key':{'user':{'S':'cid'},'game':{'S':'chess'}}}");
        JsonNode first = call(
                "Query",
                "{'TableName':'games','IndexName':'top','KeyConditionExpression':"
                        + "'game = :g AND score > :z','Limit':1,'ExpressionAttributeValues':{':g':{'S':'chess'},':z':{'N':'0'}}}");
        assertEquals("bob", first.at("/Items/0/user/S").asText());
        assertEquals(
                "{\"user\":{\"S\":\"bob\"},\"game\":{\"S\":\"chess\"},\"score\":{\"N\":\"5\"}}",
                first.get("LastEvaluatedKey").toString());
        JsonNode second = call(
                "Query",
                "{'TableName':'games','IndexName':'top','KeyConditionExpression':"
                        + "'game = :g AND score > :z','ExclusiveStartKey':"
                        + first.get("LastEvaluatedKey").toString().replace('"', '\'')
                        + ",'ExpressionAttributeValues':{':g':{'S':'chess'},':z':{'N':'0'}}}");
        assertEquals(1, second.get("Count").asInt());
        assertEquals("ann", second.at("/Items/0/user/S").asText());

        JsonNode levels = call(
                "Query",
                "{'TableName':'games','IndexName':'by-level','KeyConditionExpression':"
                        + "'#u = :u','ExpressionAttributeNames':{'#u':'user'},'ExpressionAttributeValues':{':u':{'S':'ann'}}}");
        assertEquals("go", levels.at("/Items/0/game/S").asText());
        assertEquals("x", levels.at("/Items/0/note/S").asText(), "ALL keeps the whole item");
        assertEquals(
                3,
                call("Scan", "{'TableName':'games','IndexName':'top'}")
                        .get("Count")
                        .asInt());

        AwsException unknown = refused(
                "Query",
                "{'TableName':'games','IndexName':'nope','KeyConditionExpression':"
                        + "'game = :g','ExpressionAttributeValues':{':g':{'S':'chess'}}}");
        assertEquals("The table does not have the specified index: nope", unknown.getMessage());
        AwsException consistent = refused(
                "Query",
                "{'TableName':'games','IndexName':'top','ConsistentRead':true,"
                        + "'KeyConditionExpression':'game = :g','ExpressionAttributeValues':{':g':{'S':'chess'}}}");
        assertEquals("Consistent reads are not supported on global secondary indexes", consistent.getMessage());
        JsonNode described = call("DescribeTable", "{'TableName':'games'}").get("Table");
        assertEquals(4, described.get("ItemCount").asInt());
        assertEquals(3, described.at("/GlobalSecondaryIndexes/0/ItemCount").asInt());
        assertEquals(4, described.at("/LocalSecondaryIndexes/0/ItemCount").asInt());
    }

    @Test
    void transactionsWriteAllOrNothing() throws Exception {
        createOrders();
        put("ann", "1", ",'stock':{'N':'5'}");
        put("ann", "2", "");
        String key1 = "'Key':{'customer':{'S':'ann'},'n':{'N':'1'}}";
        String key2 = "'Key':{'customer':{'S':'ann'},'n':{'N':'2'}}";
        AwsException cancelled = refused(
                "TransactWriteItems",
                "{'TransactItems':["
                        + "{'Put':{'TableName':'orders','Item':{'customer':{'S':'bob'},'n':{'N':'1'}}}},"
                        + "{'Update':{'TableName':'orders'," + key1 + ",'UpdateExpression':'SET stock = stock - :one',"
                        + "'ConditionExpression':'stock > :ten','ReturnValuesOnConditionCheckFailure':'ALL_OLD',"
                        + "'ExpressionAttributeValues':{':one':{'N':'1'},':ten':{'N':'10'}}}}]}");
        assertEquals("TransactionCanceledException", cancelled.code());
        assertEquals(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [None,"
                        + " ConditionalCheckFailed]",
                cancelled.getMessage());
        assertEquals(
                "[{Code=None}, {Code=ConditionalCheckFailed, Message=The conditional request failed, Item={customer={S=ann},"
                        + " n={N=1}, stock={N=5}}}]",
                cancelled.documents().get("CancellationReasons").toString());
        assertFalse(
                call("GetItem", "{'TableName':'orders','Key':{'customer':{'S':'bob'},'n':{'N':'1'}}}")
                        .has("Item"),
                "the put went with the failed condition");

        call(
                "TransactWriteItems",
                "{'TransactItems':["
                        + "{'Put':{'TableName':'orders','Item':{'customer':{'S':'bob'},'n':{'N':'1'}}}},"
                        + "{'Update':{'TableName':'orders'," + key1 + ",'UpdateExpression':'SET stock = stock - :one',"
                        + "'ConditionExpression':'stock > :zero','ExpressionAttributeValues':{':one':{'N':'1'},':zero':{'N':'0'}}}},"
                        + "{'Delete':{'TableName':'orders'," + key2 + "}}]}");
        JsonNode got = call(
                "TransactGetItems",
                "{'TransactItems':[{'Get':{'TableName':'orders'," + key1 + "}}," + "{'Get':{'TableName':'orders',"
                        + key2 + "}}]}");
        assertEquals("4", got.at("/Responses/0/Item/stock/N").asText());
        assertEquals("{}", got.at("/Responses/1").toString());

        AwsException twice = refused(
                "TransactWriteItems",
                "{'TransactItems':["
                        + "{'Delete':{'TableName':'orders'," + key1 + "}},"
                        + "{'ConditionCheck':{'TableName':'orders'," + key1
                        + ",'ConditionExpression':'attribute_exists(stock)'}}]}");
        assertEquals("Transaction request cannot include multiple operations on one item", twice.getMessage());
        assertTrue(call("GetItem", "{'TableName':'orders'," + key1 + "}").has("Item"));
    }

    @Test
    void itemsOutliveTheModule() throws Exception {
        createOrders();
        put("ann", "1", ",'note':{'S':'kept'}");
        db.close();
        db = new Database(dir.resolve("dynamodb.db"));
        build();
        assertEquals(
                "kept",
                call("GetItem", "{'TableName':'orders','Key':{'customer':{'S':'ann'},'n':{'N':'1'}}}")
                        .at("/Item/note/S")
                        .asText());
    }
}
