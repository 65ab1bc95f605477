package dev.lamina.scheduler.fire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.storage.outbox.OutboxEntry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private static final Instant APPENDED = Instant.parse("2026-01-01T10:00:00Z");

    private static OutboxEntry entry(Delivery d, int failures) {
        return new OutboxEntry(1, Firing.TOPIC, "arn", d.encode(), APPENDED, failures);
    }

    @Test
    void aDeliveryTravelsThroughTheOutboxUnchanged() {
        Delivery d = new Delivery("arn:aws:lambda:us-east-1:000000000000:function:f", "id", "{\"a\":1}", 3, 60);
        assertEquals(d, Delivery.decode(d.encode()));
    }

    @Test
    void lambdasOwnFailuresAreRetriedWithinTheTargetsRetryPolicy() {
        Delivery d = new Delivery("arn:aws:lambda:us-east-1:000000000000:function:f", "id", "{}", 2, 60);
        assertTrue(Deliveries.retryAllowed(d, entry(d, 0), APPENDED.plusSeconds(1)));
        assertTrue(Deliveries.retryAllowed(d, entry(d, 1), APPENDED.plusSeconds(1)));
        assertFalse(Deliveries.retryAllowed(d, entry(d, 2), APPENDED.plusSeconds(1)), "its retries are spent");
        assertFalse(Deliveries.retryAllowed(d, entry(d, 0), APPENDED.plusSeconds(60)), "it is too old");
        Delivery never = new Delivery(d.function(), "id", "{}", 0, 60);
        assertFalse(Deliveries.retryAllowed(never, entry(never, 0), APPENDED));
    }

    @Test
    void onlyLambdaFunctionsAreTargets() {
        assertTrue(Delivery.isLambdaFunction("arn:aws:lambda:us-east-1:000000000000:function:f"));
        assertTrue(Delivery.isLambdaFunction("arn:aws:lambda:us-east-1:000000000000:function:f:live"));
        assertTrue(Delivery.isLambdaFunction("arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST"));
        assertFalse(Delivery.isLambdaFunction("arn:aws:sqs:us-east-1:000000000000:q"));
        assertFalse(Delivery.isLambdaFunction("f"));
    }
}
