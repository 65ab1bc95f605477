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

    public boolean open() {
        return last == null;
    }
}
