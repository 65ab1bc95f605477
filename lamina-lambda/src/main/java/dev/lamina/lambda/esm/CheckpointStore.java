package dev.lamina.lambda.esm;

import java.util.Map;

/**
 * The durable checkpoints of stream mappings: for each (mapping, shard), the position of the last
 * record its function has taken (or that was discarded after its retries). A write is durable when
 * it returns, and is made only after the batch it covers is settled, so a batch may be delivered
 * again after a crash but never skipped.
 */
public interface CheckpointStore {
    /** The mapping's checkpoints, by shard id. */
    Map<String, String> checkpoints(String mapping);

    /** Sets the shard's checkpoint. */
    void put(String mapping, String shard, String position);

    /** Sets several checkpoints at once, all or none (a new mapping's starting positions). */
    void putAll(String mapping, Map<String, String> positions);

    /** Forgets the mapping's checkpoints. */
    void delete(String mapping);
}
