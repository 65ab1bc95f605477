package dev.lamina.lambda.esm;

import java.time.Instant;

/**
 * What a mapping of a stream (Kinesis or DynamoDB Streams) adds to a queue's: where it starts
 * and how it handles a failing batch.
 *
 * @param startingPosition {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP}
 * @param startingPositionTimestamp for {@code AT_TIMESTAMP}, else {@code null}
 * @param parallelizationFactor how many batches of one shard may run at once (1–10)
 * @param maximumRetryAttempts how often a failing batch is retried; -1 until its records expire
 * @param maximumRecordAgeSeconds how old a record may be and still be retried; -1 without a limit
 * @param bisectOnError whether a failing batch is split in two and its halves retried
 * @param onFailure the SQS queue ARN that gets the record of a discarded batch, or {@code null}
 * @param tumblingWindowSeconds the aggregation window, 0 for none
 */
public record StreamSettings(
        String startingPosition,
        Instant startingPositionTimestamp,
        int parallelizationFactor,
        int maximumRetryAttempts,
        int maximumRecordAgeSeconds,
        boolean bisectOnError,
        String onFailure,
        int tumblingWindowSeconds) {
    public static final String TRIM_HORIZON = "TRIM_HORIZON";
    public static final String LATEST = "LATEST";
    public static final String AT_TIMESTAMP = "AT_TIMESTAMP";
}
