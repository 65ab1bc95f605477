package dev.lamina.dynamodb.stream;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One stream of a table: its ARN ({@code <table ARN>/stream/<label>}), its label (the ISO-8601 time
 * it was created, to the millisecond), its view type, its table's key schema (as DescribeStream's JSON
 * array), its state, and the last sequence number given to one of its records (0: none yet).
 * Sequence numbers are the stream's, across its shards, so a later shard's exceed an earlier one's.
 */
public record TableStream(
        String arn,
        String table,
        String label,
        StreamViewType viewType,
        String keySchema,
        Instant created,
        StreamState state,
        long lastSequence) {
    private static final DateTimeFormatter LABEL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    public TableStream {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(viewType, "viewType");
        Objects.requireNonNull(state, "state");
    }

    /** A new, enabled stream of the table whose ARN is {@code tableArn}, created at {@code created}. */
    public static TableStream create(
            String tableArn, String table, StreamViewType viewType, String keySchema, Instant created) {
        String label = LABEL.format(created);
        return new TableStream(
                tableArn + "/stream/" + label,
                table,
                label,
                viewType,
                keySchema,
                created,
                new StreamState.Enabled(),
                0);
    }
}
