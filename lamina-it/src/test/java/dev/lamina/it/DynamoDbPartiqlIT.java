package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB's PartiQL on a real node: the SDK's ExecuteStatement, BatchExecuteStatement and
 * ExecuteTransaction, the CLI's execute-statement, and the stream records a PartiQL write leaves,
 * compared with those of the same writes through PutItem, UpdateItem and DeleteItem.
 */
class DynamoDbPartiqlIT {
    static TestNode node;
    static DynamoDbClient dynamo;
    static DynamoDbStreamsClient streams;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        dynamo = DynamoDbIT.client(node.endpoint());
        streams = DynamoDbStreamsIT.streamsClient(node.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {streams, dynamo, node}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    private static ExecuteStatementResponse execute(String statement, AttributeValue... parameters) {
        return dynamo.executeStatement(r -> {
            r.statement(statement);
            if (parameters.length > 0) {
                r.parameters(parameters);
            }
        });
    }

    @Test
    void statementsReadAndWriteItemsThroughTheSdk() {
        DynamoDbIT.createOrders(dynamo, "pq-orders");
        for (int i = 1; i <= 5; i++) {
            execute(
                    "INSERT INTO \"pq-orders\" VALUE {'customer': ?, 'n': ?, 'total': ?, 'tags': <<'a'>>}",
                    s("ann"),
                    n(Integer.toString(i)),
                    n(Integer.toString(i * 10)));
        }
        DuplicateItemException duplicate = assertThrows(
                DuplicateItemException.class,
                () -> execute("INSERT INTO \"pq-orders\" VALUE {'customer': 'ann', 'n': 1}"));
        assertEquals(400, duplicate.statusCode());
        assertEquals(
                "Duplicate primary key exists in table",
                duplicate.awsErrorDetails().errorMessage());

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ExecuteStatementResponse page = dynamo.executeStatement(
                    r -> r.statement("SELECT n, total FROM \"pq-orders\" WHERE customer = ? AND n BETWEEN 2 AND 5")
                            .parameters(s("ann"))
                            .limit(2)
                            .consistentRead(true)
                            .nextToken(next));
            page.items()
                    .forEach(item ->
                            seen.add(item.get("n").n() + "=" + item.get("total").n()));
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(List.of("2=20", "3=30", "4=40", "5=50"), seen);
        assertTrue(pages >= 2, "Limit 2 pages the read");

        List<Map<String, AttributeValue>> returned = execute(
                        "UPDATE \"pq-orders\" SET total = total + 1, note = ? REMOVE tags"
                                + " WHERE customer = 'ann' AND n = 3 RETURNING ALL NEW *",
                        s("rush"))
                .items();
        assertEquals(
                Map.of("customer", s("ann"), "n", n("3"), "total", n("31"), "note", s("rush")), returned.getFirst());
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> execute("UPDATE \"pq-orders\" SET total = 0 WHERE customer = 'ann' AND n = 3 AND total = 30"));
        assertThrows(
                ConditionalCheckFailedException.class,
                () -> execute("UPDATE \"pq-orders\" SET total = 0 WHERE customer = 'nobody' AND n = 1"));
        execute("DELETE FROM \"pq-orders\" WHERE customer = ? AND n = ?", s("ann"), n("1"));
        assertEquals(
                List.of(Map.of("customer", s("ann"))),
                execute("SELECT customer FROM \"pq-orders\" WHERE total > 30 AND note IS NOT MISSING")
                        .items());
        assertEquals(4, execute("SELECT * FROM \"pq-orders\"").items().size());

        DynamoDbException malformed =
                assertThrows(DynamoDbException.class, () -> execute("SELEC * FROM \"pq-orders\""));
        assertEquals("ValidationException", malformed.awsErrorDetails().errorCode());
        assertEquals(
                "Statement wasn't well formed, can't be processed: Expected data manipulation",
                malformed.awsErrorDetails().errorMessage());
        DynamoDbException partial = assertThrows(
                DynamoDbException.class, () -> execute("DELETE FROM \"pq-orders\" WHERE customer = 'ann'"));
        assertEquals(
                "Where clause does not contain a mandatory equality on all key attributes",
                partial.awsErrorDetails().errorMessage());
    }

    private static BatchStatementRequest statement(String statement, AttributeValue... parameters) {
        BatchStatementRequest.Builder b = BatchStatementRequest.builder().statement(statement);
        if (parameters.length > 0) {
            b.parameters(parameters);
        }
        return b.build();
    }

    @Test
    void batchesAnswerPerStatementAndTransactionsAreAllOrNothing() {
        DynamoDbIT.createOrders(dynamo, "pq-batch");
        List<BatchStatementResponse> batch = dynamo.batchExecuteStatement(r -> r.statements(
                        statement("INSERT INTO \"pq-batch\" VALUE {'customer': 'bo', 'n': 1, 'total': 5}"),
                        statement("INSERT INTO \"pq-batch\" VALUE {'customer': 'bo', 'n': 1}"),
                        statement("INSERT INTO \"pq-batch\" VALUE {'customer': 'bo', 'n': ?}", n("2"))))
                .responses();
        assertNull(batch.get(0).error());
        assertEquals("DuplicateItem", batch.get(1).error().codeAsString());
        assertEquals("pq-batch", batch.get(1).tableName());
        assertNull(batch.get(2).error());

        List<BatchStatementResponse> reads = dynamo.batchExecuteStatement(r -> r.statements(
                        statement("SELECT total FROM \"pq-batch\" WHERE customer = 'bo' AND n = 1"),
                        statement("SELECT * FROM \"pq-batch\" WHERE customer = 'bo' AND n = 9")))
                .responses();
        assertEquals(Map.of("total", n("5")), reads.get(0).item());
        assertFalse(reads.get(1).hasItem() && !reads.get(1).item().isEmpty());

        ParameterizedStatement bump = ParameterizedStatement.builder()
                .statement("UPDATE \"pq-batch\" SET total = total + 1 WHERE customer = ? AND n = 1")
                .parameters(s("bo"))
                .build();
        ParameterizedStatement again = ParameterizedStatement.builder()
                .statement("INSERT INTO \"pq-batch\" VALUE {'customer': 'bo', 'n': 2}")
                .build();
        TransactionCanceledException cancelled = assertThrows(
                TransactionCanceledException.class,
                () -> dynamo.executeTransaction(r -> r.transactStatements(bump, again)));
        assertEquals(
                List.of("None", "DuplicateItem"),
                cancelled.cancellationReasons().stream().map(c -> c.code()).toList());
        assertEquals(
                "5",
                execute("SELECT total FROM \"pq-batch\" WHERE customer = 'bo' AND n = 1")
                        .items()
                        .getFirst()
                        .get("total")
                        .n(),
                "the cancelled transaction changed nothing");

        dynamo.executeTransaction(r -> r.transactStatements(
                bump,
                ParameterizedStatement.builder()
                        .statement("DELETE FROM \"pq-batch\" WHERE customer = 'bo' AND n = 2")
                        .build()));
        List<ItemResponse> read = dynamo.executeTransaction(r -> r.transactStatements(
                        ParameterizedStatement.builder()
                                .statement("SELECT total FROM \"pq-batch\" WHERE customer = 'bo' AND n = 1")
                                .build(),
                        ParameterizedStatement.builder()
                                .statement("SELECT * FROM \"pq-batch\" WHERE customer = 'bo' AND n = 2")
                                .build()))
                .responses();
        assertEquals(Map.of("total", n("6")), read.get(0).item());
        assertFalse(read.get(1).hasItem() && !read.get(1).item().isEmpty());
    }

    @Test
    void aPartiqlWriteLeavesTheStreamRecordOfTheSameApiWrite() {
        String viaApi = DynamoDbStreamsIT.createWithStream(dynamo, "pq-api").latestStreamArn();
        String viaPartiql =
                DynamoDbStreamsIT.createWithStream(dynamo, "pq-partiql").latestStreamArn();

        dynamo.putItem(r -> r.tableName("pq-api").item(DynamoDbStreamsIT.item("cy", "1", "first")));
        dynamo.updateItem(r -> r.tableName("pq-api")
                .key(Map.of("customer", s("cy"), "n", n("1")))
                .updateExpression("SET note = :v")
                .expressionAttributeValues(Map.of(":v", s("second"))));
        dynamo.deleteItem(r -> r.tableName("pq-api").key(Map.of("customer", s("cy"), "n", n("1"))));

        execute("INSERT INTO \"pq-partiql\" VALUE {'customer': 'cy', 'n': 1, 'note': 'first'}");
        execute("UPDATE \"pq-partiql\" SET note = 'second' WHERE customer = 'cy' AND n = 1");
        execute("DELETE FROM \"pq-partiql\" WHERE customer = 'cy' AND n = 1");

        List<Record> api = DynamoDbStreamsIT.all(streams, viaApi);
        List<Record> partiql = DynamoDbStreamsIT.all(streams, viaPartiql);
        assertEquals(
                List.of("INSERT", "MODIFY", "REMOVE"),
                api.stream().map(Record::eventNameAsString).toList());
        assertEquals(3, partiql.size());
        for (int i = 0; i < 3; i++) {
            Record a = api.get(i);
            Record p = partiql.get(i);
            assertEquals(a.eventNameAsString(), p.eventNameAsString());
            assertEquals(a.dynamodb().keys(), p.dynamodb().keys());
            assertEquals(a.dynamodb().newImage(), p.dynamodb().newImage());
            assertEquals(a.dynamodb().oldImage(), p.dynamodb().oldImage());
            assertEquals(a.dynamodb().sizeBytes(), p.dynamodb().sizeBytes());
            assertEquals(a.dynamodb().streamViewType(), p.dynamodb().streamViewType());
        }
    }

    @Test
    void theCliRunsAStatement() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        DynamoDbIT.createOrders(dynamo, "pq-cli");
        AwsCli aws = new AwsCli(
                node.endpoint(), Files.createDirectories(node.dataDir().resolve("pq-cli")));
        execute("INSERT INTO \"pq-cli\" VALUE {'customer': 'dee', 'n': 7, 'note': 'read by the cli'}");
        JsonNode read = CliIT.ok(aws.run(
                "dynamodb",
                "execute-statement",
                "--statement",
                "SELECT note FROM \"pq-cli\" WHERE customer = ?",
                "--parameters",
                "[{\"S\":\"dee\"}]"));
        assertEquals("read by the cli", read.at("/Items/0/note/S").asText(), read.toString());
    }
}
