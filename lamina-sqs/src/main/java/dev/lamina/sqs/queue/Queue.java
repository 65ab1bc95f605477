package dev.lamina.sqs.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A queue as the node keeps it.
 *
 * @param name its name, unique on the node (SQS's rule: 1 to 80 letters, digits, {@code -} and
 *     {@code _})
 * @param group the group its messages have in the message store: new for each queue made, so that a
 *     queue deleted and made again under the same name starts empty
 * @param attributes its settable attributes, defaults included ({@link QueueAttributes})
 * @param tags its cost allocation tags
 */
public record Queue(
        String name,
        String group,
        Map<String, String> attributes,
        Map<String, String> tags,
        Instant created,
        Instant modified) {

    public Queue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        attributes = Map.copyOf(attributes);
        tags = Map.copyOf(tags);
    }

    public int visibilityTimeoutSeconds() {
        return Integer.parseInt(attributes.get("VisibilityTimeout"));
    }

    public int delaySeconds() {
        return Integer.parseInt(attributes.get("DelaySeconds"));
    }

    public int maximumMessageSize() {
        return Integer.parseInt(attributes.get("MaximumMessageSize"));
    }

    public int retentionSeconds() {
        return Integer.parseInt(attributes.get("MessageRetentionPeriod"));
    }

    public int receiveWaitSeconds() {
        return Integer.parseInt(attributes.get("ReceiveMessageWaitTimeSeconds"));
    }

    /** Whether it is a FIFO queue (its name ends in {@code .fifo}). */
    public boolean fifo() {
        return "true".equals(attributes.get("FifoQueue"));
    }

    /** A FIFO queue's: whether a message without a deduplication id is deduplicated by its body's SHA-256. */
    public boolean contentBasedDeduplication() {
        return "true".equals(attributes.get("ContentBasedDeduplication"));
    }

    /** A FIFO queue's: whether deduplication ids are unique per message group rather than per queue. */
    public boolean deduplicatesPerMessageGroup() {
        return "messageGroup".equals(attributes.get("DeduplicationScope"));
    }

    /** Its dead-letter queue and when messages move there, if it has one. */
    public Optional<RedrivePolicy> redrive() {
        String policy = attributes.get("RedrivePolicy");
        return policy == null ? Optional.empty() : Optional.of(RedrivePolicy.parse(policy));
    }

    public Queue with(Map<String, String> newAttributes, Map<String, String> newTags, Instant at) {
        return new Queue(name, group, newAttributes, newTags, created, at);
    }
}
