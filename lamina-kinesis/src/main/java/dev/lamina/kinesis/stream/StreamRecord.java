package dev.lamina.kinesis.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * A record in a shard's log: its position there (its sequence number is the shard's index and this),
 * when it arrived, its partition key and its data.
 */
public record StreamRecord(long position, Instant arrival, String partitionKey, byte[] data) {
    public StreamRecord {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        if (position < 1) {
            throw new IllegalArgumentException("a shard's records count from 1");
        }
    }

    /** What the record counts for against GetRecords' 10 MiB: its data and partition key. */
    public long size() {
        return data.length + (long) partitionKey.length();
    }
}
