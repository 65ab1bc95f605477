package dev.lamina.lambda.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvocationIdsTest {
    private final InvocationIds ids = new InvocationIds(
            new SplittableRandom(42), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    @Test
    void aRequestIdIsARandomVersionFourUuid() {
        String id = ids.requestId();
        UUID uuid = UUID.fromString(id);
        assertEquals(4, uuid.version());
        assertEquals(2, uuid.variant());
        assertEquals(id, uuid.toString());
        assertNotEquals(id, ids.requestId());
    }

    @Test
    void aNewTraceCarriesItsTimeAndARandomRootWithoutParent() {
        CallerTrace trace = ids.newTrace();
        String seconds = Long.toHexString(Instant.parse("2026-01-02T03:04:05Z").getEpochSecond());
        assertTrue(trace.amznHeader().matches("Root=1-" + seconds + "-[0-9a-f]{24};Sampled=0"), trace.amznHeader());
        assertNotEquals(trace, ids.newTrace());
        String span = ids.spanId();
        assertTrue(span.matches("[0-9a-f]{16}"), span);
        assertNotEquals(span, ids.spanId());
    }
}
