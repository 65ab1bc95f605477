package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** DynamoDB through the AWS SDK for Java v2 (JSON 1.0), against a real node. */
class DynamoDbIT {
    static TestNode node;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        dynamo = client(node.endpoint());
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static DynamoDbClient client(String endpoint) {
        return TestNode.client(DynamoDbClient.builder(), URI.create(endpoint));
    }

    static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    /** A table keyed by {@code (customer S, n N)}, on demand. */
    static void createOrders(DynamoDbClient dynamo, String name) {
        dynamo.createTable(r -> r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("customer", ScalarAttributeType.S), attribute("n", ScalarAttributeType.N))
                .keySchema(key("customer", KeyType.HASH), key("n", KeyType.RANGE)));
    }

    private static DynamoDbException refused(Class<? extends DynamoDbException> type, Runnable call) {
        DynamoDbException e = assertThrows(type, call::run);
        assertEquals(400, e.statusCode());
        return e;
    }

    @Test
    void tablesAreCreatedAwaitedDescribedListedAndDeleted() {
        AttributeDefinition pk = attribute("pk", ScalarAttributeType.S);
        AttributeDefinition sk = attribute("sk", ScalarAttributeType.N);
        AttributeDefinition by = attribute("by", ScalarAttributeType.B);
        KeySchemaElement hash = key("pk", KeyType.HASH);
        dynamo.createTable(r -> r.tableName("catalog")
                .attributeDefinitions(pk, sk, by)
                .keySchema(hash, key("sk", KeyType.RANGE))
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(3L))
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName("by-by")
                        .keySchema(hash, key("by", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("by-sk")
                        .keySchema(key("sk", KeyType.HASH))
                        .projection(
                                p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("title"))
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                        .build()));
        TableDescription table = dynamo.waiter()
                .waitUntilTableExists(r -> r.tableName("catalog"))
                .matched()
                .response()
                .orElseThrow()
                .table();
        assertEquals(TableStatus.ACTIVE, table.tableStatus());
        assertEquals(5L, table.provisionedThroughput().readCapacityUnits());
        assertEquals("by-by", table.localSecondaryIndexes().getFirst().indexName());
        assertEquals(
                List.of("title"),
                table.globalSecondaryIndexes().getFirst().projection().nonKeyAttributes());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/catalog", table.tableArn());

        ResourceInUseException again = (ResourceInUseException) refused(
                ResourceInUseException.class,
                () -> dynamo.createTable(r -> r.tableName("catalog")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(pk)
                        .keySchema(hash)));
        assertEquals("Table already exists: catalog", again.awsErrorDetails().errorMessage());

        // a malformed table is refused and nothing is made
        DynamoDbException undefined = refused(
                DynamoDbException.class,
                () -> dynamo.createTable(r -> r.tableName("half-made")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(pk, sk)
                        .keySchema(hash)));
        assertEquals("ValidationException", undefined.awsErrorDetails().errorCode());
        assertEquals(
                "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match"
                        + " number of attributes defined in AttributeDefinitions",
                undefined.awsErrorDetails().errorMessage());
        assertFalse(dynamo.listTables().tableNames().contains("half-made"));

        for (String name : List.of("list-a", "list-b", "list-c")) {
            dynamo.createTable(r -> r.tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(pk)
                    .keySchema(hash));
        }
        List<String> listed = new ArrayList<>();
        dynamo.listTablesPaginator(r -> r.limit(2)).tableNames().forEach(listed::add);
        assertTrue(listed.containsAll(List.of("catalog", "list-a", "list-b", "list-c")), listed.toString());
        assertEquals(listed.stream().sorted().toList(), listed);

        assertEquals(
                TableStatus.DELETING,
                dynamo.deleteTable(r -> r.tableName("list-b"))
                        .tableDescription()
                        .tableStatus());
        dynamo.waiter().waitUntilTableNotExists(r -> r.tableName("list-b"));
        ResourceNotFoundException gone = (ResourceNotFoundException)
                refused(ResourceNotFoundException.class, () -> dynamo.describeTable(r -> r.tableName("list-b")));
        assertEquals(
                "Requested resource not found: Table: list-b not found",
                gone.awsErrorDetails().errorMessage());
    }

    @Test
    void itemsAreWrittenUnderConditionsUpdatedAndProjected() {
        createOrders(dynamo, "orders");
        dynamo.putItem(r -> r.tableName("orders")
                .item(Map.of(
                        "customer", s("ann"),
                        "n", n("1"),
                        "total", n("10.50"),
                        "orderLines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", s("A-1"))))),
                        "tags", AttributeValue.fromSs(List.of("new")),
                        "photo", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 0xFF})))));
        Map<String, AttributeValue> key = Map.of("customer", s("ann"), "n", n("1"));

        ConditionalCheckFailedException failed = (ConditionalCheckFailedException) refused(
                ConditionalCheckFailedException.class,
                () -> dynamo.putItem(r -> r.tableName("orders")
                        .item(key)
                        .conditionExpression("attribute_not_exists(customer)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals("The conditional request failed", failed.awsErrorDetails().errorMessage());
        assertEquals(n("10.5"), failed.item().get("total"), "the item the condition failed on, numbers canonical");

        Map<String, AttributeValue> updated = dynamo.updateItem(r -> r.tableName("orders")
                        .key(key)
                        .updateExpression("SET #t = #t + :d, orderLines[0].qty = if_not_exists(orderLines[0].qty, :one)"
                                + " ADD tags :more REMOVE photo")
                        .conditionExpression("#t BETWEEN :lo AND :hi AND contains(tags, :new)")
                        .expressionAttributeNames(Map.of("#t", "total"))
                        .expressionAttributeValues(Map.of(
                                ":d", n("-0.5"),
                                ":one", n("1"),
                                ":more", AttributeValue.fromSs(List.of("vip")),
                                ":lo", n("10"),
                                ":hi", n("11"),
                                ":new", s("new")))
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        assertEquals(n("10"), updated.get("total"));
        assertEquals(Set.of("new", "vip"), new HashSet<>(updated.get("tags").ss()));
        assertEquals(n("1"), updated.get("orderLines").l().getFirst().m().get("qty"));

        Map<String, AttributeValue> projected = dynamo.getItem(r -> r.tableName("orders")
                        .key(key)
                        .projectionExpression("orderLines[0].sku, #t")
                        .expressionAttributeNames(Map.of("#t", "total")))
                .item();
        assertEquals(Set.of("orderLines", "total"), projected.keySet());
        assertEquals(s("A-1"), projected.get("orderLines").l().getFirst().m().get("sku"));

        // malformed requests: DynamoDB's messages, nothing changed
        DynamoDbException unused = refused(
                DynamoDbException.class,
                () -> dynamo.updateItem(r -> r.tableName("orders")
                        .key(key)
                        .updateExpression("SET #t = :v")
                        .expressionAttributeNames(Map.of("#t", "total"))
                        .expressionAttributeValues(Map.of(":v", n("0"), ":spare", n("1")))));
        assertEquals(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:spare}",
                unused.awsErrorDetails().errorMessage());
        DynamoDbException syntax = refused(
                DynamoDbException.class,
                () -> dynamo.updateItem(r -> r.tableName("orders")
                        .key(key)
                        .updateExpression("SET total = = :v")
                        .expressionAttributeValues(Map.of(":v", n("0")))));
        assertEquals(
                "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"= = :v\"",
                syntax.awsErrorDetails().errorMessage());
        DynamoDbException schema = refused(
                DynamoDbException.class,
                () -> dynamo.getItem(r -> r.tableName("orders").key(Map.of("n", n("1")))));
        assertEquals(
                "The provided key element does not match the schema",
                schema.awsErrorDetails().errorMessage());
        DynamoDbException tooBig = refused(
                DynamoDbException.class,
                () -> dynamo.putItem(r -> r.tableName("orders")
                        .item(Map.of("customer", s("ann"), "n", n("1"), "pad", s("x".repeat(400 * 1024))))));
        assertEquals(
                "Item size has exceeded the maximum allowed size",
                tooBig.awsErrorDetails().errorMessage());
        DynamoDbException digits = refused(
                DynamoDbException.class,
                () -> dynamo.putItem(r -> r.tableName("orders")
                        .item(Map.of("customer", s("ann"), "n", n("1"), "total", n("1".repeat(39))))));
        assertEquals(
                "Attempting to store more than 38 significant digits in a Number",
                digits.awsErrorDetails().errorMessage());
        assertEquals(
                n("10"),
                dynamo.getItem(r -> r.tableName("orders").key(key)).item().get("total"));

        Map<String, AttributeValue> old = dynamo.deleteItem(
                        r -> r.tableName("orders").key(key).returnValues(ReturnValue.ALL_OLD))
                .attributes();
        assertEquals(n("10"), old.get("total"));
        assertFalse(dynamo.getItem(r -> r.tableName("orders").key(key)).hasItem());
        ResourceNotFoundException noTable = (ResourceNotFoundException) refused(
                ResourceNotFoundException.class,
                () -> dynamo.getItem(r -> r.tableName("no-such").key(key)));
        assertEquals("Requested resource not found", noTable.awsErrorDetails().errorMessage());
    }

    @Test
    void queriesAndScansPageInDynamoDbsOrder() {
        createOrders(dynamo, "history");
        List<String> numbers = List.of("-3.5", "-1", "0", "0.001", "2", "10", "1E+3");
        List<WriteRequest> writes = new ArrayList<>();
        for (String number : numbers) {
            writes.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(Map.of(
                                    "customer",
                                    s("ann"),
                                    "n",
                                    n(number),
                                    "big",
                                    AttributeValue.fromBool(number.startsWith("1"))))
                            .build())
                    .build());
        }
        writes.add(WriteRequest.builder()
                .putRequest(PutRequest.builder()
                        .item(Map.of("customer", s("bob"), "n", n("5")))
                        .build())
                .build());
        assertTrue(dynamo.batchWriteItem(r -> r.requestItems(Map.of("history", writes)))
                .unprocessedItems()
                .isEmpty());

        List<String> paged = new ArrayList<>();
        int pages = 0;
        for (QueryResponse page : dynamo.queryPaginator(r -> r.tableName("history")
                .keyConditionExpression("customer = :c AND n >= :lo")
                .expressionAttributeValues(Map.of(":c", s("ann"), ":lo", n("-1")))
                .limit(2))) {
            page.items().forEach(i -> paged.add(i.get("n").n()));
            pages++;
        }
        assertEquals(List.of("-1", "0", "0.001", "2", "10", "1000"), paged);
        assertTrue(pages >= 3, "pages: " + pages);

        QueryResponse backwards = dynamo.query(r -> r.tableName("history")
                .keyConditionExpression("customer = :c")
                .filterExpression("big = :t")
                .expressionAttributeValues(Map.of(":c", s("ann"), ":t", AttributeValue.fromBool(true)))
                .scanIndexForward(false));
        assertEquals(
                List.of("1000", "10"),
                backwards.items().stream().map(i -> i.get("n").n()).toList());
        assertEquals(7, backwards.scannedCount());

        Set<String> seen = new HashSet<>();
        for (int segment = 0; segment < 4; segment++) {
            int s = segment;
            dynamo.scanPaginator(r ->
                            r.tableName("history").segment(s).totalSegments(4).limit(3))
                    .items()
                    .forEach(i -> assertTrue(
                            seen.add(i.get("customer").s() + "/" + i.get("n").n()), i.toString()));
        }
        assertEquals(8, seen.size());

        DynamoDbException range = refused(
                DynamoDbException.class,
                () -> dynamo.query(r -> r.tableName("history")
                        .keyConditionExpression("n = :n")
                        .expressionAttributeValues(Map.of(":n", n("1")))));
        assertEquals(
                "Query condition missed key schema element: customer",
                range.awsErrorDetails().errorMessage());
    }

    @Test
    void aGlobalIndexFollowsItsItems() {
        dynamo.createTable(r -> r.tableName("players")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        attribute("id", ScalarAttributeType.S),
                        attribute("team", ScalarAttributeType.S),
                        attribute("points", ScalarAttributeType.N))
                .keySchema(key("id", KeyType.HASH))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("by-team")
                        .keySchema(key("team", KeyType.HASH), key("points", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
        String[][] players = {{"p1", "red", "12"}, {"p2", "red", "-4"}, {"p3", "blue", "7"}, {"p4", "red", "30"}};
        for (String[] p : players) {
            dynamo.putItem(r -> r.tableName("players").item(Map.of("id", s(p[0]), "team", s(p[1]), "points", n(p[2]))));
        }
        dynamo.updateItem(r -> r.tableName("players")
                .key(Map.of("id", s("p4")))
                .updateExpression("SET team = :t")
                .expressionAttributeValues(Map.of(":t", s("blue"))));
        List<String> red = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName("players")
                        .indexName("by-team")
                        .keyConditionExpression("team = :t")
                        .expressionAttributeValues(Map.of(":t", s("red")))
                        .limit(1))
                .items()
                .forEach(i -> red.add(i.get("id").s()));
        assertEquals(List.of("p2", "p1"), red);
    }

    @Test
    void transactionsAreAllOrNothingWithTheirCancellationReasons() {
        createOrders(dynamo, "accounts");
        Map<String, AttributeValue> from = Map.of("customer", s("ann"), "n", n("1"));
        Map<String, AttributeValue> to = Map.of("customer", s("bob"), "n", n("1"));
        dynamo.putItem(
                r -> r.tableName("accounts").item(Map.of("customer", s("ann"), "n", n("1"), "balance", n("30"))));
        dynamo.putItem(r -> r.tableName("accounts").item(Map.of("customer", s("bob"), "n", n("1"), "balance", n("0"))));
        java.util.function.Function<String, TransactWriteItemsRequest> transfer =
                amount -> TransactWriteItemsRequest.builder()
                        .transactItems(
                                TransactWriteItem.builder()
                                        .update(u -> u.tableName("accounts")
                                                .key(from)
                                                .updateExpression("SET balance = balance - :a")
                                                .conditionExpression("balance >= :a")
                                                .expressionAttributeValues(Map.of(":a", n(amount)))
                                                .returnValuesOnConditionCheckFailure(
                                                        ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                        .build(),
                                TransactWriteItem.builder()
                                        .update(u -> u.tableName("accounts")
                                                .key(to)
                                                .updateExpression("SET balance = balance + :a")
                                                .expressionAttributeValues(Map.of(":a", n(amount))))
                                        .build())
                        .build();
        dynamo.transactWriteItems(transfer.apply("20"));
        TransactionCanceledException cancelled =
                assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(transfer.apply("20")));
        assertEquals(
                List.of("ConditionalCheckFailed", "None"),
                cancelled.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList());
        assertEquals(n("10"), cancelled.cancellationReasons().getFirst().item().get("balance"));
        List<String> balances = dynamo
                .transactGetItems(r -> r.transactItems(
                        TransactGetItem.builder()
                                .get(g -> g.tableName("accounts").key(from))
                                .build(),
                        TransactGetItem.builder()
                                .get(g -> g.tableName("accounts").key(to))
                                .build()))
                .responses()
                .stream()
                .map(i -> i.item().get("balance").n())
                .toList();
        assertEquals(List.of("10", "20"), balances, "the cancelled transfer moved nothing");
    }
}
