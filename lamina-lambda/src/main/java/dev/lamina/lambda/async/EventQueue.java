package dev.lamina.lambda.async;

import java.util.List;

/**
 * The durable queue of asynchronous invocations: SQLite on one node, PostgreSQL (with
 * {@code FOR UPDATE SKIP LOCKED}) in a cluster. An event stays in the queue until its outcome is
 * known; a node claims the events it runs, so that a node that dies leaves its claims to be run
 * again (at least once). Times are epoch milliseconds.
 *
 * <p>{@link #enqueue} is called by request threads, concurrently, and returns only once the event
 * is committed. Every other method is called by the dispatcher and its attempts.
 */
public interface EventQueue {

    /**
     * Persists a newly accepted event, due at once; returns once it is committed. An event whose request
     * id is still queued is not queued again (a service that chose the id handed it over twice).
     */
    void enqueue(AsyncEvent event);

    /**
     * Gives back every claim held by a node other than {@code node}. Called when a node starts: on
     * one embedded store the other nodes are the ones that ran before it, dead or stopped.
     *
     * @return how many events were given back
     */
    int recover(String node);

    /** Functions with unclaimed events that are due or expired at {@code now}. */
    List<String> functionsWithWork(long now);

    /** Claims up to {@code max} of a function's unclaimed events that are due at {@code now}, earliest first. */
    List<QueuedEvent> claimDue(String node, String function, long now, int max);

    /** Claims up to {@code max} of a function's unclaimed events that expired at or before {@code now}. */
    List<QueuedEvent> claimExpired(String node, String function, long now, int max);

    /** The earliest due time of an unclaimed event that is due after {@code now}, or -1 if there is none. */
    long nextDueAfter(long now);

    /** Gives a claimed event back unchanged (its function was throttled). */
    void release(String requestId);

    /** Gives a claimed event back to be attempted again at {@code dueAt}. */
    void reschedule(String requestId, long dueAt, int attempts, int returns, FunctionResponse lastResponse);

    /**
     * Removes a claimed event whose outcome is known and, in the same transaction, enqueues
     * {@code followUp} (the invocation record for a destination), unless it is {@code null}.
     */
    void complete(String requestId, AsyncEvent followUp);

    /**
     * A message for a queue: the invocation record sent to an SQS destination.
     *
     * @param queueArn the destination queue
     * @param body the record, as the message's body
     */
    record QueueMessage(String queueArn, byte[] body) {
        /** As the outbox keeps it: the queue's ARN, a line feed, then the body. */
        public byte[] encode() {
            byte[] arn = (queueArn + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] out = java.util.Arrays.copyOf(arn, arn.length + body.length);
            System.arraycopy(body, 0, out, arn.length, body.length);
            return out;
        }

        /** The message {@link #encode} wrote. */
        public static QueueMessage decode(byte[] payload) {
            int newline = 0;
            while (payload[newline] != '\n') {
                newline++;
            }
            return new QueueMessage(
                    new String(payload, 0, newline, java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Arrays.copyOfRange(payload, newline + 1, payload.length));
        }
    }

    /**
     * Removes a claimed event whose outcome is known and, in the same transaction, puts {@code message}
     * in the node's outbox ({@link #QUEUE_MESSAGES}), from which it reaches its queue at least once.
     */
    void completeToQueue(String requestId, QueueMessage message);

    /** The outbox topic of {@link QueueMessage}s ({@link QueueMessage#encode}). */
    String QUEUE_MESSAGES = "lambda.queue-destination";

    /** Removes every unclaimed event of a function (it was deleted). */
    int discard(String function);

    /** How many events are in the queue, claimed or not. */
    int size();
}
