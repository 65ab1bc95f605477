package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String key, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("h", "v\u00e9".getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(
                "orders",
                partition,
                offset,
                1_545_084_650_987L + offset,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8),
                headers,
                Optional.empty());
    }

    private static List<ObjectNode> records(List<ConsumerRecord<byte[], byte[]>> batch) {
        return batch.stream().map(r -> KafkaBatch.record(JSON, r)).toList();
    }

    @Test
    void groupsRecordsByPartitionInOrderAsLambdaSendsThem() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> batch =
                List.of(record(1, 7, "k1", "a"), record(0, 3, null, "b"), record(1, 8, "k1", "c"));
        JsonNode event = JSON.readTree(KafkaBatch.event(JSON, "b1:9092,b2:9092", records(batch)));

        assertEquals("SelfManagedKafka", event.get("eventSource").asText());
        assertEquals("b1:9092,b2:9092", event.get("bootstrapServers").asText());
        List<String> partitions = new java.util.ArrayList<>();
        event.get("records").fieldNames().forEachRemaining(partitions::add);
        assertEquals(List.of("orders-1", "orders-0"), partitions);
        JsonNode first = event.get("records").get("orders-1").get(0);
        assertEquals(JSON.readTree("""
                        {"topic":"orders","partition":1,"offset":7,"timestamp":1545084650994,
                         "timestampType":"CREATE_TIME","key":"azE=","value":"YQ==",
                         "headers":[{"h":[118,-61,-87]}]}"""), first);
        assertEquals(
                8, event.get("records").get("orders-1").get(1).get("offset").asLong());
        assertFalse(event.get("records").get("orders-0").get(0).has("key"), "a record without a key has none");
    }

    @Test
    void filtersSeeAJsonValueAsAnObjectAndOtherValuesAsText() {
        ObjectNode json = KafkaBatch.record(JSON, record(0, 1, null, "{\"kind\":\"order\"}"));
        ObjectNode text = KafkaBatch.record(JSON, record(0, 2, null, "plain"));
        FilterPattern pattern = FilterPattern.parse(JSON, "{\"value\":{\"kind\":[\"order\"]}}");

        assertEquals(true, pattern.matches(KafkaBatch.forFilters(JSON, json)));
        assertEquals(false, pattern.matches(KafkaBatch.forFilters(JSON, text)));
        assertEquals("plain", KafkaBatch.forFilters(JSON, text).get("value").asText());
    }

    @Test
    void commitsPastEachPartitionsLastRecordAndRereadsFromItsFirst() {
        List<ConsumerRecord<byte[], byte[]>> batch =
                List.of(record(1, 7, "k", "a"), record(0, 3, "k", "b"), record(1, 8, "k", "c"));

        assertEquals(
                Map.of(
                        new TopicPartition("orders", 1), new OffsetAndMetadata(9),
                        new TopicPartition("orders", 0), new OffsetAndMetadata(4)),
                KafkaPoller.next(batch));
        assertEquals(
                Map.of(new TopicPartition("orders", 1), 7L, new TopicPartition("orders", 0), 3L),
                KafkaPoller.first(batch));
    }
}
