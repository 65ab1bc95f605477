package dev.lamina.dynamodb.ttl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.dynamodb.attribute.AttributeValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeToLiveTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:10Z");

    private static Map<String, AttributeValue> expiring(AttributeValue at) {
        return Map.of("pk", new AttributeValue.S("a"), "expires", at);
    }

    private static AttributeValue n(long seconds) {
        return new AttributeValue.N(BigDecimal.valueOf(seconds));
    }

    @Test
    void transitionsAsUpdateTimeToLiveAllowsThem() {
        TimeToLive off = new TimeToLive.Disabled();
        TimeToLive on = off.enable("expires");
        assertEquals(new TimeToLive.Enabled("expires"), on);
        assertEquals("ENABLED", on.status());
        assertEquals(
                "TimeToLive is already enabled",
                assertThrows(AwsException.class, () -> on.enable("expires")).getMessage());
        assertEquals(
                "TimeToLive is already disabled",
                assertThrows(AwsException.class, () -> off.disable("expires")).getMessage());
        assertThrows(AwsException.class, () -> on.disable("other"));
        assertEquals(off, on.disable("expires"));
    }

    @Test
    void anItemExpiresAtItsNumberOfEpochSecondsWithinFiveYears() {
        TimeToLive on = new TimeToLive.Enabled("expires");
        long now = NOW.getEpochSecond();
        assertTrue(on.expired(expiring(n(now)), NOW), "at its time");
        assertTrue(
                on.expired(expiring(new AttributeValue.N(new BigDecimal(now + ".5").subtract(BigDecimal.ONE))), NOW));
        assertFalse(on.expired(expiring(n(now + 1)), NOW), "a second early");
        assertFalse(on.expired(expiring(new AttributeValue.S("" + (now - 10))), NOW), "not a Number");
        assertFalse(on.expired(Map.of("pk", new AttributeValue.S("a")), NOW), "no attribute");
        assertFalse(on.expired(expiring(n(now * 1000)), NOW), "milliseconds are far in the future");
        assertFalse(on.expired(expiring(n(100)), NOW), "more than five years ago");
        assertTrue(on.expired(expiring(n(now - 4 * 365 * 86_400L)), NOW), "four years ago");
        assertFalse(new TimeToLive.Disabled().expired(expiring(n(now)), NOW), "off: nothing expires");
    }
}
