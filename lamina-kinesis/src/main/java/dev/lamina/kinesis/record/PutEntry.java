package dev.lamina.kinesis.record;

import dev.lamina.kinesis.stream.KinesisErrors;
import java.math.BigInteger;

/**
 * One record a caller puts, checked against Kinesis's limits: data of at most 1 MiB, a partition key
 * of 1 to 256 characters, data and key together at most 1 MiB, and an ExplicitHashKey (which, when
 * given, places the record instead of the key's MD5) within {@code [0, 2^128 - 1]}.
 *
 * @param member the request's name of the entry, for errors: {@code data} for PutRecord,
 *     {@code records.3.member.data} for PutRecords' fourth entry
 */
public record PutEntry(byte[] data, String partitionKey, BigInteger hashKey) {
    /** The most data a record holds, with its partition key. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    public static PutEntry of(byte[] data, String partitionKey, String explicitHashKey, String member) {
        if (data == null) {
            throw KinesisErrors.validation(null, member + "data", "must not be null");
        }
        if (data.length > MAX_RECORD_BYTES) {
            throw KinesisErrors.validation(
                    "java.nio.HeapByteBuffer[pos=0 lim=" + data.length + " cap=" + data.length + "]",
                    member + "data",
                    "must have length less than or equal to " + MAX_RECORD_BYTES);
        }
        if (partitionKey == null) {
            throw KinesisErrors.validation(null, member + "partitionKey", "must not be null");
        }
        if (partitionKey.isEmpty() || partitionKey.length() > 256) {
            throw KinesisErrors.validation(
                    partitionKey,
                    member + "partitionKey",
                    "must have length "
                            + (partitionKey.isEmpty() ? "greater than or equal to 1" : "less than or equal to 256"));
        }
        if (data.length + partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_RECORD_BYTES) {
            throw KinesisErrors.invalidArgument(
                    "Record size including partition key exceeds the limit of " + MAX_RECORD_BYTES + " bytes.");
        }
        BigInteger hashKey =
                explicitHashKey == null ? PartitionKeys.hashKey(partitionKey) : PartitionKeys.explicit(explicitHashKey);
        return new PutEntry(data, partitionKey, hashKey);
    }

    /** What the entry counts for against PutRecords' 5 MiB: data and partition key. */
    public long size() {
        return data.length + (long) partitionKey.length();
    }
}
