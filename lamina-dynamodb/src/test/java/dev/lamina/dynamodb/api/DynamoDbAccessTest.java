package dev.lamina.dynamodb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.dynamodb.stream.StreamIterator;
import dev.lamina.edge.Access;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a DynamoDB request asks, in IAM's words. */
class DynamoDbAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbAccess access = new DynamoDbAccess("us-east-1", "000000000000");

    @Test
    void aRequestActsOnItsTableOrIndex() throws Exception {
        assertEquals(
                new Access("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/orders"),
                access.ofOperation("PutItem", JSON.readTree("{\"TableName\":\"orders\"}")));
        assertEquals(
                new Access("dynamodb:Query", "arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/by-day"),
                access.ofOperation("Query", JSON.readTree("{\"TableName\":\"orders\",\"IndexName\":\"by-day\"}")));
        assertEquals(new Access("dynamodb:ListTables", "*"), access.ofOperation("ListTables", JSON.readTree("{}")));
        assertEquals(
                new Access("dynamodb:BatchWriteItem", "*"),
                access.ofOperation("BatchWriteItem", JSON.readTree("{\"RequestItems\":{}}")));
    }

    @Test
    void aStatementActsAsIamNamesItsKindOnItsTableOrIndex() throws Exception {
        String table = "arn:aws:dynamodb:us-east-1:000000000000:table/orders";
        for (String[] c : new String[][] {
            {"SELECT * FROM orders.\\\"by-day\\\" WHERE a = 1", "dynamodb:PartiQLSelect", table + "/index/by-day"},
            {"INSERT INTO orders VALUE {'a': 1}", "dynamodb:PartiQLInsert", table},
            {"UPDATE orders SET b = 2 WHERE a = 1", "dynamodb:PartiQLUpdate", table},
            {"DELETE FROM \\\"orders\\\" WHERE a = 1", "dynamodb:PartiQLDelete", table},
            {"SELEC nonsense", "dynamodb:ExecuteStatement", "*"},
        }) {
            assertEquals(
                    new Access(c[1], c[2]),
                    access.ofOperation("ExecuteStatement", JSON.readTree("{\"Statement\":\"" + c[0] + "\"}")),
                    c[0]);
        }
        assertEquals(
                new Access("dynamodb:ExecuteTransaction", "*"),
                access.ofOperation("ExecuteTransaction", JSON.readTree("{\"TransactStatements\":[]}")));
    }

    @Test
    void aStreamsRequestActsOnItsStreamOrTheIteratorsStream() throws Exception {
        DynamoDbStreamsAccess streams = new DynamoDbStreamsAccess();
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000";
        assertEquals(
                new Access("dynamodb:DescribeStream", arn),
                streams.ofOperation("DescribeStream", JSON.readTree("{\"StreamArn\":\"" + arn + "\"}")));
        String iterator = new StreamIterator(arn, "shardId-1", 0, Instant.EPOCH).encode();
        assertEquals(
                new Access("dynamodb:GetRecords", arn),
                streams.ofOperation("GetRecords", JSON.readTree("{\"ShardIterator\":\"" + iterator + "\"}")));
        assertEquals(
                new Access("dynamodb:GetRecords", "*"),
                streams.ofOperation("GetRecords", JSON.readTree("{\"ShardIterator\":\"nonsense\"}")));
        assertEquals(new Access("dynamodb:ListStreams", "*"), streams.ofOperation("ListStreams", JSON.readTree("{}")));
    }
}
