package dev.lamina.dynamodb.stream;

import java.util.Objects;

/**
 * A shard of a stream: its id, its parent ({@code null}: none), the first sequence number it may hold,
 * its last ({@code null} while it is open) and the highest sequence number retention has removed from
 * it (records at or below it are trimmed; 0: none).
 */
public record StreamShard(String id, String parent, long first, Long last, long trimmedTo) {
    public StreamShard {
        Objects.requireNonNull(id, "id");
    }

    /** Where TRIM_HORIZON reads after: the last removed record, or just before the shard's first. */
    public long horizon() {
        return Math.max(trimmedTo, first - 1);
    }

    public boolean open() {
        return last == null;
    }
}
