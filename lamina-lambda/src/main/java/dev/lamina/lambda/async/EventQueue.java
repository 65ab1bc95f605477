package dev.lamina.lambda.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
     * A message for a queue: the invocation record sent to an SQS destination, or the event sent to a
     * function's dead-letter queue.
     *
     * @param queueArn the queue
     * @param body the message's body
     * @param attributes its message attributes, by name: data type ({@code String}, {@code Number}) and value
     */
    record QueueMessage(String queueArn, String body, Map<String, Attribute> attributes) {
        private static final ObjectMapper JSON = new ObjectMapper();

        public QueueMessage {
            attributes = Map.copyOf(attributes);
        }

        /** A message attribute with a string value. */
        public record Attribute(String dataType, String value) {}

        /** As the outbox keeps it: a JSON document. */
        public byte[] encode() {
            try {
                return JSON.writeValueAsBytes(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The message {@link #encode} wrote; also the older form of a record for a destination, which a
         * node written by an earlier version may still hold: the queue's ARN, a line feed, the body.
         */
        public static QueueMessage decode(byte[] payload) {
            if (payload.length > 0 && payload[0] != '{') {
                int newline = 0;
                while (payload[newline] != '\n') {
                    newline++;
                }
                return new QueueMessage(
                        new String(payload, 0, newline, StandardCharsets.UTF_8),
                        new String(payload, newline + 1, payload.length - newline - 1, StandardCharsets.UTF_8),
                        Map.of());
            }
            try {
                return JSON.readValue(payload, QueueMessage.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Removes a claimed event whose outcome is known and, in the same transaction, queues
     * {@code followUp} (unless {@code null}) and puts {@code messages} in the node's outbox
     * ({@link #QUEUE_MESSAGES}), from which each reaches its queue at least once.
     */
    void completeToQueues(String requestId, AsyncEvent followUp, List<QueueMessage> messages);

    /** The outbox topic of {@link QueueMessage}s ({@link QueueMessage#encode}). */
    String QUEUE_MESSAGES = "lambda.queue-destination";

    /** Removes every unclaimed event of a function (it was deleted). */
    int discard(String function);

    /** How many events are in the queue, claimed or not. */
    int size();

    /**
     * Since when the longest-waiting event has waited for an attempt, in epoch ms: its accepted-at
     * time for a first attempt, its retry's due time for a later one; -1 when none waits at {@code now}.
     */
    long oldestWaitingSince(long now);
}
