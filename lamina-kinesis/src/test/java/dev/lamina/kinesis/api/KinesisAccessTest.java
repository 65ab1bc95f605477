package dev.lamina.kinesis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lamina.edge.Access;
import dev.lamina.kinesis.record.ShardIterator;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KinesisAccessTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ARN = "arn:aws:kinesis:us-east-1:000000000000:stream/orders";
    private final KinesisAccess access = new KinesisAccess("us-east-1", "000000000000");

    @Test
    void aRequestAsksForItsOperationOnTheStreamItNames() {
        assertEquals(
                new Access("kinesis:PutRecord", ARN),
                access.ofOperation("PutRecord", NODES.objectNode().put("StreamName", "orders")));
        assertEquals(
                new Access("kinesis:DescribeStream", ARN),
                access.ofOperation("DescribeStream", NODES.objectNode().put("StreamARN", ARN)));
        String iterator = new ShardIterator(
                        "orders", Instant.EPOCH, 0, new ShardIterator.Position.After(0), Instant.EPOCH)
                .encode();
        assertEquals(
                new Access("kinesis:GetRecords", ARN),
                access.ofOperation("GetRecords", NODES.objectNode().put("ShardIterator", iterator)));
    }

    @Test
    void whatNamesNoStreamAsksForEverything() {
        assertEquals(
                new Access("kinesis:ListStreams", "*"),
                access.ofOperation("ListStreams", NODES.objectNode().put("StreamName", "orders")));
        assertEquals(
                new Access("kinesis:GetRecords", "*"),
                access.ofOperation("GetRecords", NODES.objectNode().put("ShardIterator", "garbage")));
        assertEquals(
                new Access("kinesis:ListShards", "*"),
                access.ofOperation("ListShards", NODES.objectNode().put("NextToken", "abc")));
    }
}
