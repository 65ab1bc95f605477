package dev.lamina.sqs.message;

/**
 * A message the queue took, with the digests the sender checks (each {@code null} when nothing was
 * sent to digest), and a FIFO queue's sequence number ({@code null} in a standard queue).
 */
public record Sent(
        String messageId,
        String md5OfBody,
        String md5OfAttributes,
        String md5OfSystemAttributes,
        String sequenceNumber) {}
