package dev.lamina.lambda.esm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a shard's records read at once become batches: with a ParallelizationFactor above 1 they are
 * dealt into that many lanes by partition key (a key always to the same lane, so its records keep
 * their order), and each lane is cut into batches of at most BatchSize records and of at most
 * Lambda's 6 MB synchronous payload; and a batch's event, {@code {"Records": [...]}}, the same for every
 * kind of stream. Pure.
 */
final class StreamBatches {
    /** Lambda's largest synchronous request payload. */
    static final long MAX_PAYLOAD = 6L * 1024 * 1024;

    /** What {@code {"Records":[]}} adds around the records. */
    private static final int ENVELOPE = 16;

    private StreamBatches() {}

    /** The lanes of {@code items}, each a list of batches in order; empty lanes are left out. */
    static List<List<List<StreamItem>>> lanes(List<StreamItem> items, int factor, int batchSize, long maxBytes) {
        List<List<StreamItem>> byLane = new ArrayList<>();
        for (int i = 0; i < factor; i++) {
            byLane.add(new ArrayList<>());
        }
        for (StreamItem item : items) {
            byLane.get(lane(item.partitionKey(), factor)).add(item);
        }
        List<List<List<StreamItem>>> out = new ArrayList<>();
        for (List<StreamItem> lane : byLane) {
            if (!lane.isEmpty()) {
                out.add(batches(lane, batchSize, maxBytes));
            }
        }
        return out;
    }

    /** The lane of a partition key: the same for a key in every process (String's hash is specified). */
    static int lane(String partitionKey, int factor) {
        return Math.floorMod(partitionKey.hashCode(), factor);
    }

    /** {@code items} cut in order into batches of at most {@code batchSize} and {@code maxBytes}. */
    static List<List<StreamItem>> batches(List<StreamItem> items, int batchSize, long maxBytes) {
        List<List<StreamItem>> out = new ArrayList<>();
        List<StreamItem> batch = new ArrayList<>();
        long bytes = ENVELOPE;
        for (StreamItem item : items) {
            long size = item.event().toString().length() + 1L;
            if (!batch.isEmpty() && (batch.size() == batchSize || bytes + size > maxBytes)) {
                out.add(batch);
                batch = new ArrayList<>();
                bytes = ENVELOPE;
            }
            batch.add(item);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    /** The function's event: {@code {"Records": [...]}}. */
    static byte[] event(ObjectMapper json, List<StreamItem> batch) {
        ObjectNode out = json.createObjectNode();
        ArrayNode records = out.putArray("Records");
        batch.forEach(i -> records.add(i.event()));
        try {
            return json.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
