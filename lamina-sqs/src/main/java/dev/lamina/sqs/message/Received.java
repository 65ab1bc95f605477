package dev.lamina.sqs.message;

import java.time.Instant;

/**
 * A message as one receive hands it out.
 *
 * @param receiptHandle what deletes it or changes its visibility, until it is received again
 * @param receiveCount its receives so far, this one included ({@code ApproximateReceiveCount})
 * @param firstReceivedAt {@code ApproximateFirstReceiveTimestamp}
 */
public record Received(Message message, String receiptHandle, int receiveCount, Instant firstReceivedAt) {}
