package dev.lamina.kinesis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamStateTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aCreatingStreamIsActiveFromItsTime() {
        StreamState creating = new StreamState.Creating(T0.plusMillis(500));
        assertSame(creating, creating.at(T0.plusMillis(499)));
        assertEquals("CREATING", creating.status());
        assertFalse(creating.acceptsRecords());
        StreamState active = creating.at(T0.plusMillis(500));
        assertEquals(new StreamState.Active(), active);
        assertEquals("ACTIVE", active.status());
        assertTrue(active.acceptsRecords());
        assertSame(active, active.at(T0));
    }

    @Test
    void anUpdatingStreamTakesRecordsAndIsActiveFromItsTime() {
        StreamState updating = new StreamState.Updating(T0);
        assertTrue(updating.acceptsRecords());
        assertEquals("UPDATING", updating.status());
        assertSame(updating, updating.at(T0.minusMillis(1)));
        assertEquals(new StreamState.Active(), updating.at(T0));
        assertEquals(updating, StreamState.of(updating.status(), updating.until()));
        assertEquals(new StreamState.Active(), StreamState.of("ACTIVE", null));
    }
}
