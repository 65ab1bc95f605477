package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBatchesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StreamItem item(int i, String key, String data) {
        var event = JSON.createObjectNode();
        event.putObject("kinesis").put("data", data);
        return new StreamItem(String.format("%03d", i), Instant.EPOCH, key, event);
    }

    @Test
    void oneLaneIsCutIntoBatchesOfBatchSize() {
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(item(i, "k" + i, "x"));
        }
        var lanes = StreamBatches.lanes(items, 1, 3, StreamBatches.MAX_PAYLOAD);
        assertEquals(1, lanes.size());
        assertEquals(List.of(items.subList(0, 3), items.subList(3, 6), items.subList(6, 7)), lanes.getFirst());
    }

    @Test
    void aKeyAlwaysGoesToTheSameLaneInOrder() {
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(item(i, "key-" + (i % 8), "x"));
        }
        var lanes = StreamBatches.lanes(items, 4, 100, StreamBatches.MAX_PAYLOAD);
        assertTrue(lanes.size() > 1, "keys spread over lanes");
        int total = 0;
        for (var lane : lanes) {
            List<StreamItem> flat = lane.stream().flatMap(List::stream).toList();
            total += flat.size();
            int laneIndex = StreamBatches.lane(flat.getFirst().partitionKey(), 4);
            for (int i = 0; i < flat.size(); i++) {
                assertEquals(laneIndex, StreamBatches.lane(flat.get(i).partitionKey(), 4));
                if (i > 0) {
                    assertTrue(flat.get(i - 1)
                                    .sequenceNumber()
                                    .compareTo(flat.get(i).sequenceNumber())
                            < 0);
                }
            }
        }
        assertEquals(40, total);
    }

    @Test
    void aBatchStaysWithinThePayloadLimit() {
        String big = "x".repeat(1000);
        List<StreamItem> items = List.of(item(1, "k", big), item(2, "k", big), item(3, "k", big));
        long one = items.getFirst().event().toString().length() + 1;
        var batches = StreamBatches.batches(items, 100, 16 + 2 * one);
        assertEquals(List.of(items.subList(0, 2), items.subList(2, 3)), batches);
        assertEquals(
                List.of(items.subList(0, 1), items.subList(1, 2), items.subList(2, 3)),
                StreamBatches.batches(items, 100, 10));
    }
}
