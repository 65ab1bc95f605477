package dev.lamina.lambda.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lamina.lambda.async.AsyncEvent;
import dev.lamina.lambda.async.FunctionResponse;
import dev.lamina.lambda.async.QueuedEvent;
import dev.lamina.storage.queue.Lease;
import dev.lamina.storage.queue.QueuedItem;
import dev.lamina.storage.queue.WorkItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An event and its delivery state survive the trip through a work item unchanged. */
class QueuedEventsTest {
    private static final byte[] PAYLOAD = "{\"k\":\"é\"}".getBytes(StandardCharsets.UTF_8);

    private static QueuedEvent roundTrip(WorkItem item) {
        return QueuedEvents.event(new QueuedItem(item, 0, Lease.untilSettled("n")));
    }

    @Test
    void aNewEventIsDueWhenAcceptedAndKeepsEveryField() {
        AsyncEvent accepted = new AsyncEvent("r", "f", "2", "arn:f:2", "Root=x", PAYLOAD, 10, 900);
        WorkItem item = QueuedEvents.item(accepted);
        assertEquals("r", item.id());
        assertEquals("f", item.group());
        assertEquals(Instant.ofEpochMilli(10), item.dueAt());
        assertEquals(Instant.ofEpochMilli(900), item.expiresAt());
        QueuedEvent back = roundTrip(item);
        AsyncEvent event = back.event();
        assertEquals("2", event.qualifier());
        assertEquals("arn:f:2", event.invokedArn());
        assertEquals("Root=x", event.traceId());
        assertArrayEquals(PAYLOAD, event.payload());
        assertEquals(10, event.enqueuedAt());
        assertEquals(900, event.expiresAt());
        assertEquals(10, back.dueAt());
        assertEquals(0, back.attempts());
        assertEquals(0, back.returns());
        assertNull(back.lastResponse());
    }

    @Test
    void absentQualifierAndTraceStayAbsent() {
        AsyncEvent event = roundTrip(QueuedEvents.item(new AsyncEvent("r", "f", null, "arn:f", null, PAYLOAD, 1, 2)))
                .event();
        assertNull(event.qualifier());
        assertNull(event.traceId());
    }

    @Test
    void theDeliveryStateReplacesTheLastOneAndAnyBytesOfAResponseSurvive() {
        AsyncEvent accepted = new AsyncEvent("r", "f", null, "arn:f", null, PAYLOAD, 1, 2);
        byte[] body = {0, (byte) 0xff, 1};
        QueuedEvent failed = new QueuedEvent(accepted, 500, 1, 0, new FunctionResponse("$LATEST", "Unhandled", body));
        QueuedEvent back = roundTrip(QueuedEvents.item(failed));
        assertEquals(500, back.dueAt());
        assertEquals(1, back.attempts());
        assertEquals("$LATEST", back.lastResponse().executedVersion());
        assertEquals("Unhandled", back.lastResponse().functionError());
        assertArrayEquals(body, back.lastResponse().body());

        WorkItem item = QueuedEvents.item(failed);
        QueuedEvent succeeded = roundTrip(new WorkItem(
                item.id(),
                item.group(),
                item.payload(),
                QueuedEvents.withState(item.attributes(), 2, 1, new FunctionResponse("$LATEST", null, PAYLOAD)),
                item.dueAt(),
                item.expiresAt()));
        assertEquals(2, succeeded.attempts());
        assertEquals(1, succeeded.returns());
        assertNull(succeeded.lastResponse().functionError(), "the last response's error does not linger");
        assertArrayEquals(PAYLOAD, succeeded.lastResponse().body());
    }
}
