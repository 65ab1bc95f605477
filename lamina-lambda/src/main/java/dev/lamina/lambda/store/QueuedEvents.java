package dev.lamina.lambda.store;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.WorkItem;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * How an asynchronous invocation is kept as a work item: its request id is the item's id, its
 * function the item's group, its payload the item's payload, accepted-at the item's first due time
 * and its expiry the item's; the rest (qualifier, ARN, trace, counters, last response) are attributes.
 */
final class QueuedEvents {
    private static final String QUALIFIER = "qualifier";
    private static final String INVOKED_ARN = "invokedArn";
    private static final String TRACE_ID = "traceId";
    private static final String ENQUEUED_AT = "enqueuedAt";
    private static final String ATTEMPTS = "attempts";
    private static final String RETURNS = "returns";
    private static final String EXECUTED_VERSION = "executedVersion";
    private static final String FUNCTION_ERROR = "functionError";
    private static final String LAST_RESPONSE = "lastResponse";

    private QueuedEvents() {}

    /** A newly accepted event, due at once. */
    static WorkItem item(AsyncEvent event) {
        Map<String, String> attributes = new HashMap<>();
        putIfPresent(attributes, QUALIFIER, event.qualifier());
        attributes.put(INVOKED_ARN, event.invokedArn());
        putIfPresent(attributes, TRACE_ID, event.traceId());
        attributes.put(ENQUEUED_AT, Long.toString(event.enqueuedAt()));
        return new WorkItem(
                event.requestId(),
                event.functionName(),
                event.payload(),
                attributes,
                Instant.ofEpochMilli(event.enqueuedAt()),
                Instant.ofEpochMilli(event.expiresAt()));
    }

    /** An event with its delivery state, due at its {@code dueAt}. */
    static WorkItem item(QueuedEvent queued) {
        WorkItem accepted = item(queued.event());
        return new WorkItem(
                accepted.id(),
                accepted.group(),
                accepted.payload(),
                withState(accepted.attributes(), queued.attempts(), queued.returns(), queued.lastResponse()),
                Instant.ofEpochMilli(queued.dueAt()),
                accepted.expiresAt());
    }

    static QueuedEvent event(QueuedItem queued) {
        WorkItem item = queued.item();
        Map<String, String> a = item.attributes();
        AsyncEvent event = new AsyncEvent(
                item.id(),
                item.group(),
                a.get(QUALIFIER),
                a.get(INVOKED_ARN),
                a.get(TRACE_ID),
                item.payload(),
                Long.parseLong(a.get(ENQUEUED_AT)),
                item.expiresAt().toEpochMilli());
        String body = a.get(LAST_RESPONSE);
        FunctionResponse last = body == null
                ? null
                : new FunctionResponse(
                        a.get(EXECUTED_VERSION),
                        a.get(FUNCTION_ERROR),
                        Base64.getDecoder().decode(body));
        return new QueuedEvent(event, item.dueAt().toEpochMilli(), count(a, ATTEMPTS), count(a, RETURNS), last);
    }

    /** The attributes of an event whose delivery state is now {@code attempts}, {@code returns} and {@code last}. */
    static Map<String, String> withState(
            Map<String, String> attributes, int attempts, int returns, FunctionResponse last) {
        Map<String, String> updated = new HashMap<>(attributes);
        updated.put(ATTEMPTS, Integer.toString(attempts));
        updated.put(RETURNS, Integer.toString(returns));
        updated.remove(EXECUTED_VERSION);
        updated.remove(FUNCTION_ERROR);
        updated.remove(LAST_RESPONSE);
        // As before decision 23: a response without a body is not kept.
        if (last != null && last.body() != null) {
            putIfPresent(updated, EXECUTED_VERSION, last.executedVersion());
            putIfPresent(updated, FUNCTION_ERROR, last.functionError());
            updated.put(LAST_RESPONSE, Base64.getEncoder().encodeToString(last.body()));
        }
        return updated;
    }

    private static int count(Map<String, String> attributes, String key) {
        String value = attributes.get(key);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static void putIfPresent(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
