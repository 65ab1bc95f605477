package dev.lamina.s3.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.sqs.MessageQueues;
import dev.lamina.storage.outbox.OutboxEntry;
import dev.lamina.storage.outbox.OutboxRelay;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends the notifications {@link BucketNotifications} appended: a function's as an asynchronous
 * invocation (Lambda's durable queue, with its retries and destinations), a queue's as a message. The
 * relay calls it until it returns, so each is sent at least once; a function's invocation takes the
 * entry's sequence number in its request id, so Lambda queues a resent one only once.
 */
public final class NotificationDelivery implements OutboxRelay.Handler {
    private final Lambda lambda;
    private final MessageQueues queues;
    private final ObjectMapper json;

    public NotificationDelivery(Lambda lambda, MessageQueues queues, ObjectMapper json) {
        this.lambda = lambda;
        this.queues = queues;
        this.json = json;
    }

    @Override
    public void deliver(OutboxEntry entry) throws Exception {
        JsonNode n = json.readTree(entry.payload());
        String arn = n.get("arn").asText();
        byte[] event = json.writeValueAsBytes(n.get("event"));
        if (NotificationConfig.Kind.valueOf(n.get("kind").asText()) == NotificationConfig.Kind.LAMBDA) {
            lambda.enqueue(new EventInvocation(arn, null, event, requestId(entry)));
        } else {
            queues.send(arn, new String(event, StandardCharsets.UTF_8), Map.of(), null, null);
        }
    }

    /** A request id of the entry's own, shaped as Lambda's are. */
    private static String requestId(OutboxEntry entry) {
        return String.format("53000000-0000-4000-8000-%012x", entry.seq());
    }
}
