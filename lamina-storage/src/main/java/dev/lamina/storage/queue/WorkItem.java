package dev.lamina.storage.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of work in a {@link WorkQueue}, as it was enqueued or last rescheduled. Times have
 * millisecond resolution in the store.
 *
 * @param id unique within its queue, chosen by the caller (a request id, a message id)
 * @param group the grouping key that claims are made by (a function's name, an SQS message group), or
 *     {@link #NO_GROUP} for a queue that does not group its work
 * @param payload opaque bytes, handed back untouched
 * @param attributes small metadata handed back with the payload; {@link WorkQueue#reschedule} replaces it
 * @param dueAt when it may first be claimed
 * @param expiresAt when {@link WorkQueue#claimExpired} may take it, due or not (a maximum event age, a
 *     retention period), or {@code null} if it never expires
 */
public record WorkItem(
        String id, String group, byte[] payload, Map<String, String> attributes, Instant dueAt, Instant expiresAt) {

    /** The group of work that is not grouped. */
    public static final String NO_GROUP = "";

    public WorkItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(dueAt, "dueAt");
        attributes = Map.copyOf(attributes);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("a work item needs an id");
        }
    }
}
