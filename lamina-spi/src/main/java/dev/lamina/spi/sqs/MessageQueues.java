package dev.lamina.spi.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the queue service offers Lambda's event source mappings, and all it offers them: to find a
 * queue, receive a batch of its messages (each then invisible for the queue's visibility timeout and
 * counted as received, exactly as a ReceiveMessage would), delete what was handled, and make a
 * message visible again. A message that is neither deleted nor made visible comes back when its
 * visibility timeout ends, and reaches the queue's dead-letter queue per its redrive policy.
 *
 * <p>Errors a caller can cause come as {@link dev.lamina.core.AwsException}; methods block on the
 * queue's storage, so call them from a thread that may.
 */
public interface MessageQueues {
    /**
     * A queue as a mapping needs it.
     *
     * @param visibilityTimeout the queue's default visibility timeout
     */
    record Queue(String arn, String url, boolean fifo, Duration visibilityTimeout) {}

    /**
     * One received message.
     *
     * @param attributes the system attributes, by SQS's names ({@code ApproximateReceiveCount},
     *     {@code SentTimestamp}, {@code SenderId}, {@code ApproximateFirstReceiveTimestamp}, and for a
     *     FIFO queue {@code SequenceNumber}, {@code MessageGroupId}, {@code MessageDeduplicationId})
     * @param messageAttributes the sender's message attributes, by name
     */
    record Message(
            String messageId,
            String receiptHandle,
            String body,
            String md5OfBody,
            String md5OfMessageAttributes,
            Map<String, String> attributes,
            Map<String, Attribute> messageAttributes) {}

    /** A message attribute: its data type and a string or binary value. */
    record Attribute(String dataType, String stringValue, byte[] binaryValue) {}

    /** The queue with this ARN, if it exists. */
    Optional<Queue> queue(String queueArn);

    /**
     * Receives up to {@code max} (1–10) messages, waiting up to {@code wait} (at most 20 s) for the
     * first; returns an empty list when none came. For a FIFO queue, as SQS: one message group's
     * messages in order, and no message of a group with messages in flight.
     */
    List<Message> receive(String queueArn, int max, Duration wait);

    /** Deletes the messages with these receipt handles; a stale handle is ignored. */
    void delete(String queueArn, List<String> receiptHandles);

    /**
     * Sends a message to the queue, as SendMessage does (a destination's record, a dead letter, an S3
     * notification); returns its message id. A FIFO queue needs {@code groupId}, and deduplicates by
     * {@code deduplicationId} (either may be {@code null} for a standard queue).
     */
    String send(
            String queueArn,
            String body,
            Map<String, Attribute> messageAttributes,
            String groupId,
            String deduplicationId);

    /** Sets how long a received message stays invisible from now; zero makes it visible at once. */
    void changeVisibility(String queueArn, String receiptHandle, Duration timeout);
}
