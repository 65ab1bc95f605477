package dev.lamina.storage.queue;

import java.util.Objects;

/**
 * A work item with its delivery state.
 *
 * @param item the work as last enqueued or rescheduled
 * @param attempts how many times it was rescheduled: each is a failed attempt
 * @param lease its claim, or {@code null} if it is not claimed (a lapsed lease stays here until the item
 *     is claimed again)
 */
public record QueuedItem(WorkItem item, int attempts, Lease lease) {

    public QueuedItem {
        Objects.requireNonNull(item, "item");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
    }

    public String id() {
        return item.id();
    }
}
