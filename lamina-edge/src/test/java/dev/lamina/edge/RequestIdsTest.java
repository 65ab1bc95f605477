package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void idsAreVersionFourUuidsFromTheGenerator() {
        RequestIds ids = new RequestIds(new Random(42));
        String first = ids.next();
        UUID uuid = UUID.fromString(first);
        assertEquals(4, uuid.version());
        assertEquals(2, uuid.variant());
        assertTrue(first.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), first);
        assertNotEquals(first, ids.next());
        assertEquals(first, new RequestIds(new Random(42)).next());
    }
}
