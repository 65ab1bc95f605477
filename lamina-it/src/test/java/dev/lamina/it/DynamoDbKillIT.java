package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Every write the node acknowledged is there after the node process is killed with SIGKILL, and so is
 * its stream record.
 */
class DynamoDbKillIT {
    static final int ITEMS = 50;

    @Test
    void acknowledgedWritesSurviveASigkill() throws Exception {
        Path data = Files.createTempDirectory("lamina-dynamodb-kill-");
        NodeProcess first = null;
        NodeProcess second = null;
        try {
            String[] args = {"--network", "host", "--port", "0", "--data-dir", data.toString()};
            first = NodeProcess.start(data.resolve("first.out"), args);
            String stream;
            try (DynamoDbClient dynamo = DynamoDbIT.client(first.endpoint().toString())) {
                stream = DynamoDbStreamsIT.createWithStream(dynamo, "ledger").latestStreamArn();
                for (int i = 0; i < ITEMS; i++) {
                    int n = i;
                    dynamo.putItem(r -> r.tableName("ledger")
                            .item(Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("" + n))));
                }
                dynamo.updateItem(r -> r.tableName("ledger")
                        .key(Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("0")))
                        .updateExpression("SET note = :l")
                        .expressionAttributeValues(Map.of(":l", AttributeValue.fromS("acknowledged"))));
            }
            first.kill();

            second = NodeProcess.start(data.resolve("second.out"), args);
            try (DynamoDbClient dynamo = DynamoDbIT.client(second.endpoint().toString())) {
                assertEquals(
                        ITEMS,
                        dynamo.scan(r -> r.tableName("ledger").select("COUNT")).count());
                assertEquals(
                        "acknowledged",
                        dynamo.getItem(r -> r.tableName("ledger")
                                        .key(Map.of("customer", DynamoDbIT.s("ann"), "n", DynamoDbIT.n("0"))))
                                .item()
                                .get("note")
                                .s());
            }
            try (DynamoDbStreamsClient streams =
                    DynamoDbStreamsIT.streamsClient(second.endpoint().toString())) {
                List<Record> records = DynamoDbStreamsIT.all(streams, stream);
                assertEquals(ITEMS + 1, records.size());
                assertEquals(OperationType.MODIFY, records.getLast().eventName());
                assertEquals(
                        "acknowledged",
                        records.getLast().dynamodb().newImage().get("note").s());
            }
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
            TestNode.deleteTree(data);
        }
    }
}
