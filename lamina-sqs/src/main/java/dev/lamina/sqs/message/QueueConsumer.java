package dev.lamina.sqs.message;

import java.util.List;

/**
 * What a consumer inside the node needs of a queue, and all it needs: an SQS event source mapping's
 * poller receives a batch, invokes the function, then deletes what succeeded and lets the rest come
 * back after their visibility timeout (or changes it). The same rules as the API's: receipts, receive
 * counts, the dead-letter queue on the receive past {@code maxReceiveCount}. Thread-safe.
 */
public interface QueueConsumer {
    /**
     * The queue's visibility timeout, which a mapping checks against its function's timeout as AWS
     * does (a message must stay hidden while the function runs).
     *
     * @throws dev.lamina.core.AwsException {@code QueueDoesNotExist} when there is no such queue
     */
    int visibilityTimeoutSeconds(String queueName);

    /**
     * Receives up to {@code request.max()} messages of the queue named {@code queueName}, waiting up to
     * its wait time for the first. Blocks: call it from a virtual thread.
     *
     * @throws dev.lamina.core.AwsException {@code QueueDoesNotExist} when there is no such queue
     */
    List<Received> receive(String queueName, ReceiveRequest request) throws InterruptedException;

    /** Deletes a received message; an outdated receipt deletes nothing (as on SQS). */
    void delete(String queueName, String receiptHandle);

    /** Keeps a received message hidden {@code timeoutSeconds} from now (0: visible again at once). */
    void changeVisibility(String queueName, String receiptHandle, int timeoutSeconds);
}
