package dev.lamina.dynamodb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecuteStatement, BatchExecuteStatement and ExecuteTransaction on a real SQLite file: no sockets, no sleeps. */
class PartiqlApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Database db;
    private DynamoDbApi api;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("dynamodb.db"));
        api = DynamoDbOnSqlite.api(db);
        call(
                "CreateTable",
                "{'TableName':'orders','BillingMode':'PAY_PER_REQUEST',"
                        + "'AttributeDefinitions':[{'AttributeName':'customer','AttributeType':'S'},"
                        + "{'AttributeName':'n','AttributeType':'N'},{'AttributeName':'state','AttributeType':'S'}],"
                        + "'KeySchema':[{'AttributeName':'customer','KeyType':'HASH'},"
                        + "{'AttributeName':'n','KeyType':'RANGE'}],"
                        + "'GlobalSecondaryIndexes':[{'IndexName':'byState','KeySchema':[{'AttributeName':'state',"
                        + "'KeyType':'HASH'}],'Projection':{'ProjectionType':'ALL'}}]}");
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private JsonNode call(String operation, String json) throws Exception {
        return api.perform(operation, JSON.readTree(json.replace('\'', '"')));
    }

    /** ExecuteStatement of {@code statement} (its quotes as written) with parameters given as JSON. */
    private JsonNode execute(String statement, String parameters) throws Exception {
        return api.perform("ExecuteStatement", statement(statement, parameters));
    }

    private static ObjectNode statement(String statement, String parameters) throws Exception {
        ObjectNode in = JSON.createObjectNode().put("Statement", statement);
        if (parameters != null) {
            in.set("Parameters", JSON.readTree(parameters.replace('\'', '"')));
        }
        return in;
    }

    private static ObjectNode statements(String member, ObjectNode... statements) {
        ObjectNode in = JSON.createObjectNode();
        for (ObjectNode s : statements) {
            in.withArray(member).add(s);
        }
        return in;
    }

    private AwsException refused(String statement, String parameters) {
        return assertThrows(AwsException.class, () -> execute(statement, parameters));
    }

    private void insertOrders() throws Exception {
        for (int n = 1; n <= 5; n++) {
            execute(
                    "INSERT INTO orders VALUE {'customer': ?, 'n': " + n + ", 'state': ?, 'total': " + (n * 10) + "}",
                    "[{'S':'ann'},{'S':'" + (n % 2 == 0 ? "open" : "shipped") + "'}]");
        }
        execute(
                "INSERT INTO \"orders\" VALUE {'customer': 'bob', 'n': 1, 'state': 'open', 'tags': <<'x', 'y'>>}",
                null);
    }

    @Test
    void insertWritesTheItemAsPutItemWouldAndRefusesADuplicate() throws Exception {
        insertOrders();
        JsonNode item = call("GetItem", "{'TableName':'orders','Key':{'customer':{'S':'bob'},'n':{'N':'1'}}}")
                .get("Item");
        assertEquals(
                "{\"customer\":{\"S\":\"bob\"},\"n\":{\"N\":\"1\"},\"state\":{\"S\":\"open\"},"
                        + "\"tags\":{\"SS\":[\"x\",\"y\"]}}",
                item.toString());
        AwsException duplicate = refused("INSERT INTO orders VALUE {'customer': 'bob', 'n': 1}", null);
        assertEquals("DuplicateItemException", duplicate.code());
        assertEquals("Duplicate primary key exists in table", duplicate.getMessage());
        AwsException noKey = refused("INSERT INTO orders VALUE {'customer': 'bob'}", null);
        assertEquals("ValidationException", noKey.code());
        AwsException noTable = refused("INSERT INTO nothing VALUE {'customer': 'bob', 'n': 1}", null);
        assertEquals("ResourceNotFoundException", noTable.code());
        AwsException count = refused("INSERT INTO orders VALUE {'customer': ?, 'n': ?}", "[{'S':'x'}]");
        assertEquals("Number of parameters in request and statement don't match.", count.getMessage());
        assertEquals(
                "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: Member must"
                        + " have length greater than or equal to 1",
                refused("SELECT * FROM orders", "[]").getMessage());
        assertEquals(
                "1 validation error detected: Value at 'statement' failed to satisfy constraint: Member must have"
                        + " length less than or equal to 8192",
                refused("SELECT * FROM orders WHERE a = '" + "x".repeat(8192) + "'", null)
                        .getMessage());
    }

    @Test
    void selectQueriesByKeyScansOtherwiseAndProjects() throws Exception {
        insertOrders();
        JsonNode query =
                execute("SELECT n, total FROM orders WHERE customer = ? AND n >= 2 AND total < 50", "[{'S':'ann'}]");
        assertEquals(
                "[{\"n\":{\"N\":\"2\"},\"total\":{\"N\":\"20\"}},{\"n\":{\"N\":\"3\"},\"total\":{\"N\":\"30\"}},"
                        + "{\"n\":{\"N\":\"4\"},\"total\":{\"N\":\"40\"}}]",
                query.get("Items").toString());
        assertFalse(query.has("NextToken"));
        JsonNode scan = execute("SELECT customer FROM orders WHERE state = 'open' AND n = 1", null);
        assertEquals("[{\"customer\":{\"S\":\"bob\"}}]", scan.get("Items").toString());
        JsonNode index = execute("SELECT n FROM orders.byState WHERE state = 'shipped'", null);
        assertEquals(3, index.get("Items").size());
        JsonNode one = execute("SELECT * FROM orders WHERE customer = 'ann' AND n = 3", null);
        assertEquals(30, one.at("/Items/0/total/N").asInt());
        AwsException consistent = assertThrows(
                AwsException.class,
                () -> api.perform(
                        "ExecuteStatement",
                        JSON.createObjectNode()
                                .put("Statement", "SELECT * FROM orders.byState WHERE state = 'open'")
                                .put("ConsistentRead", true)));
        assertEquals("ValidationException", consistent.code());
        assertEquals(
                "The table does not have the specified index: nope",
                refused("SELECT * FROM orders.nope", null).getMessage());
    }

    @Test
    void aReadPagesWithLimitAndNextToken() throws Exception {
        insertOrders();
        ObjectNode in = JSON.createObjectNode()
                .put("Statement", "SELECT n FROM orders WHERE customer = 'ann'")
                .put("Limit", 2);
        StringBuilder seen = new StringBuilder();
        int pages = 0;
        while (true) {
            JsonNode page = api.perform("ExecuteStatement", in);
            pages++;
            page.get("Items").forEach(i -> seen.append(i.at("/n/N").asText()));
            if (!page.has("NextToken")) {
                break;
            }
            assertEquals("ann", page.at("/LastEvaluatedKey/customer/S").asText());
            in.put("NextToken", page.get("NextToken").asText());
        }
        assertEquals("12345", seen.toString());
        assertEquals(3, pages);
        in.remove("NextToken");
        in.put("Statement", "SELECT n FROM orders WHERE customer = 'ann' ORDER BY n DESC");
        JsonNode backwards = api.perform("ExecuteStatement", in);
        assertEquals(
                "[{\"n\":{\"N\":\"5\"}},{\"n\":{\"N\":\"4\"}}]",
                backwards.get("Items").toString());
        in.put("NextToken", backwards.get("NextToken").asText());
        assertEquals(
                "[{\"n\":{\"N\":\"3\"}},{\"n\":{\"N\":\"2\"}}]",
                api.perform("ExecuteStatement", in).get("Items").toString());
        ObjectNode other = JSON.createObjectNode()
                .put("Statement", "SELECT * FROM orders")
                .put("NextToken", in.get("NextToken").asText());
        assertEquals(
                "NextToken does not match request",
                assertThrows(AwsException.class, () -> api.perform("ExecuteStatement", other))
                        .getMessage());
        other.put("NextToken", "not a token");
        assertEquals(
                "Invalid NextToken",
                assertThrows(AwsException.class, () -> api.perform("ExecuteStatement", other))
                        .getMessage());
    }

    @Test
    void updateChangesAnItemThatExistsIfItsConditionsHold() throws Exception {
        insertOrders();
        JsonNode updated = execute(
                "UPDATE orders SET total = total + ?, note = 'rush' REMOVE state WHERE customer = 'ann' AND n = 2"
                        + " AND total = 20 RETURNING ALL NEW *",
                "[{'N':'5'}]");
        assertEquals(
                "[{\"customer\":{\"S\":\"ann\"},\"n\":{\"N\":\"2\"},\"total\":{\"N\":\"25\"},\"note\":{\"S\":\"rush\"}}]",
                updated.get("Items").toString());
        AwsException stale =
                refused("UPDATE orders SET total = 0 WHERE customer = 'ann' AND n = 2 AND total = 20", null);
        assertEquals("ConditionalCheckFailedException", stale.code());
        AwsException missing = refused("UPDATE orders SET total = 0 WHERE customer = 'zed' AND n = 1", null);
        assertEquals("ConditionalCheckFailedException", missing.code());
        assertTrue(execute("SELECT * FROM orders WHERE customer = 'zed'", null)
                .get("Items")
                .isEmpty());
        AwsException key = refused("UPDATE orders SET n = 9 WHERE customer = 'ann' AND n = 2", null);
        assertEquals(
                "One or more parameter values were invalid: Cannot update attribute n. This attribute is part of the key",
                key.getMessage());
        JsonNode sets = execute(
                "UPDATE orders SET tags = set_add(tags, <<'z'>>) WHERE customer = 'bob' AND n = 1 RETURNING MODIFIED NEW *",
                null);
        assertEquals(
                "{\"tags\":{\"SS\":[\"x\",\"y\",\"z\"]}}", sets.at("/Items/0").toString());
        AwsException onFailure = assertThrows(
                AwsException.class,
                () -> api.perform(
                        "ExecuteStatement",
                        JSON.createObjectNode()
                                .put("Statement", "UPDATE orders SET a = 1 WHERE customer = 'bob' AND n = 1 AND a = 2")
                                .put("ReturnValuesOnConditionCheckFailure", "ALL_OLD")));
        assertEquals("ConditionalCheckFailedException", onFailure.code());
        assertTrue(
                onFailure.documents().get("Item").toString().contains("bob"),
                onFailure.documents().toString());
    }

    @Test
    void deleteRemovesByKeyAndAnswersTheOldItemWhenAsked() throws Exception {
        insertOrders();
        JsonNode deleted = execute("DELETE FROM orders WHERE customer = 'ann' AND n = 1 RETURNING ALL OLD *", null);
        assertEquals(10, deleted.at("/Items/0/total/N").asInt());
        assertTrue(execute("DELETE FROM orders WHERE customer = 'ann' AND n = 1", null)
                .get("Items")
                .isEmpty());
        AwsException condition = refused("DELETE FROM orders WHERE customer = 'ann' AND n = 2 AND total > 100", null);
        assertEquals("ConditionalCheckFailedException", condition.code());
        assertTrue(
                execute("DELETE FROM orders WHERE customer = 'zed' AND n = 2 AND total > 100", null)
                        .get("Items")
                        .isEmpty(),
                "a DELETE of no item is no error, whatever its conditions");
        assertEquals(
                "Where clause does not contain a mandatory equality on all key attributes",
                refused("DELETE FROM orders WHERE customer = 'ann'", null).getMessage());
        assertEquals(
                4,
                execute("SELECT * FROM orders WHERE customer = 'ann'", null)
                        .get("Items")
                        .size());
    }

    @Test
    void aBatchAnswersEachStatementOnItsOwn() throws Exception {
        JsonNode writes = api.perform(
                "BatchExecuteStatement",
                statements(
                        "Statements",
                        statement("INSERT INTO orders VALUE {'customer': 'cy', 'n': 1}", null),
                        statement("INSERT INTO orders VALUE {'customer': 'cy', 'n': 1}", null),
                        statement("DELETE FROM orders WHERE customer = ?", "[{'S':'cy'}]"),
                        statement("SELEC", null),
                        statement("UPDATE orders SET a = 1 WHERE customer = ? AND n = ?", "[{'S':'cy'},{'N':'1'}]")));
        JsonNode responses = writes.get("Responses");
        assertEquals(5, responses.size(), writes.toString());
        assertEquals("{}", responses.get(0).toString());
        assertEquals("DuplicateItem", responses.at("/1/Error/Code").asText());
        assertEquals(
                "Duplicate primary key exists in table",
                responses.at("/1/Error/Message").asText());
        assertEquals("orders", responses.at("/1/TableName").asText());
        assertEquals("ValidationError", responses.at("/2/Error/Code").asText());
        assertEquals(
                "Statement wasn't well formed, can't be processed: Expected data manipulation",
                responses.at("/3/Error/Message").asText());
        assertEquals("{}", responses.get(4).toString());

        JsonNode reads = call(
                "BatchExecuteStatement",
                "{'Statements':[{'Statement':'SELECT a FROM orders WHERE customer = ? AND n = 1',"
                        + "'Parameters':[{'S':'cy'}]},{'Statement':'SELECT * FROM orders WHERE customer = ? AND n = 2',"
                        + "'Parameters':[{'S':'cy'}]}]}");
        assertEquals(
                "[{\"Item\":{\"a\":{\"N\":\"1\"}}},{}]", reads.get("Responses").toString());
        AwsException mixed = assertThrows(
                AwsException.class,
                () -> call(
                        "BatchExecuteStatement",
                        "{'Statements':[{'Statement':'SELECT * FROM orders WHERE customer = ? AND n = 2',"
                                + "'Parameters':[{'S':'cy'}]},{'Statement':'DELETE FROM orders WHERE customer = ? AND"
                                + " n = 2','Parameters':[{'S':'cy'}]}]}"));
        assertEquals("ValidationException", mixed.code());
    }

    @Test
    void aTransactionWritesAllOrNothing() throws Exception {
        insertOrders();
        String statements = "{'TransactStatements':["
                + "{'Statement':'UPDATE orders SET total = total + 1 WHERE customer = ? AND n = 1','Parameters':[{'S':'ann'}]},"
                + "{'Statement':'DELETE FROM orders WHERE customer = ? AND n = 2','Parameters':[{'S':'ann'}]},"
                + "{'Statement':'INSERT INTO orders VALUE ?','Parameters':[{'M':{'customer':{'S':'bob'},'n':{'N':'1'}}}]}]}";
        AwsException cancelled = assertThrows(AwsException.class, () -> call("ExecuteTransaction", statements));
        assertEquals("TransactionCanceledException", cancelled.code());
        assertEquals(
                "Transaction cancelled, please refer cancellation reasons for specific reasons [None, None,"
                        + " DuplicateItem]",
                cancelled.getMessage());
        assertEquals(
                "[{Code=None}, {Code=None}, {Code=DuplicateItem, Message=Duplicate primary key exists in table}]",
                cancelled.documents().get("CancellationReasons").toString());
        assertEquals(
                10,
                execute("SELECT total FROM orders WHERE customer = 'ann' AND n = 1", null)
                        .at("/Items/0/total/N")
                        .asInt());

        call("ExecuteTransaction", statements.replace("'bob'", "'cy'"));
        JsonNode read = call(
                "ExecuteTransaction",
                "{'TransactStatements':[{'Statement':'SELECT total FROM orders WHERE customer = ? AND n = 1',"
                        + "'Parameters':[{'S':'ann'}]},{'Statement':'SELECT * FROM orders WHERE customer = ? AND n = 2',"
                        + "'Parameters':[{'S':'ann'}]},{'Statement':'SELECT n FROM orders WHERE customer = ? AND n = 1',"
                        + "'Parameters':[{'S':'cy'}]}]}");
        assertEquals(
                "[{\"Item\":{\"total\":{\"N\":\"11\"}}},{},{\"Item\":{\"n\":{\"N\":\"1\"}}}]",
                read.get("Responses").toString());
        String guarded = "{'TransactStatements':["
                + "{'Statement':'EXISTS(SELECT * FROM orders WHERE customer = ? AND n = 1 AND total > 100)',"
                + "'Parameters':[{'S':'ann'}]},"
                + "{'Statement':'DELETE FROM orders WHERE customer = ? AND n = 3','Parameters':[{'S':'ann'}]}]}";
        AwsException unmet = assertThrows(AwsException.class, () -> call("ExecuteTransaction", guarded));
        assertEquals(
                "[{Code=ConditionalCheckFailed, Message=The conditional request failed}, {Code=None}]",
                unmet.documents().get("CancellationReasons").toString());
        call("ExecuteTransaction", guarded.replace("total > 100", "total > 10"));
        assertTrue(execute("SELECT * FROM orders WHERE customer = 'ann' AND n = 3", null)
                .get("Items")
                .isEmpty());
        assertEquals(
                "EXISTS can only be used in ExecuteTransaction write requests.",
                refused("EXISTS(SELECT * FROM orders WHERE customer = 'ann' AND n = 1 AND total > 1)", null)
                        .getMessage());
        AwsException mixed = assertThrows(
                AwsException.class,
                () -> call(
                        "ExecuteTransaction",
                        "{'TransactStatements':[{'Statement':'SELECT * FROM orders WHERE customer = ? AND n = 1',"
                                + "'Parameters':[{'S':'ann'}]},{'Statement':'DELETE FROM orders WHERE customer = ? AND"
                                + " n = 1','Parameters':[{'S':'ann'}]}]}"));
        assertEquals(
                "ExecuteTransaction API does not support both read and write operations in the same request.",
                mixed.getMessage());
    }
}
