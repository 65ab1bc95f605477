package dev.lamina.kinesis.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ShardIteratorTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00.123Z");

    @Test
    void encodesAndDecodesBothKindsOfPosition() {
        ShardIterator after =
                new ShardIterator("orders", T0, 3, new ShardIterator.Position.After(42), T0.plusSeconds(1));
        assertEquals(after, ShardIterator.decode(after.encode()));
        ShardIterator at =
                new ShardIterator("ördérs.1", T0, 0, new ShardIterator.Position.AtTimestamp(T0.minusSeconds(60)), T0);
        assertEquals(at, ShardIterator.decode(at.encode()));
    }

    @Test
    void expiresFiveMinutesAfterItWasIssued() {
        ShardIterator it = new ShardIterator("s", T0, 0, new ShardIterator.Position.After(0), T0);
        assertFalse(it.expiredAt(T0.plusSeconds(300)));
        assertTrue(it.expiredAt(T0.plusSeconds(300).plusMillis(1)));
    }

    @Test
    void whatIsNotAnIteratorIsAnInvalidArgument() {
        String good = new ShardIterator("s", T0, 0, new ShardIterator.Position.After(0), T0).encode();
        byte[] bytes = Base64.getDecoder().decode(good);
        for (String bad : new String[] {
            "not base64!",
            "",
            good.substring(0, good.length() - 4),
            Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, bytes.length + 1))
        }) {
            AwsException e = assertThrows(AwsException.class, () -> ShardIterator.decode(bad), bad);
            assertEquals("InvalidArgumentException", e.code());
            assertEquals("Invalid ShardIterator.", e.getMessage());
        }
    }
}
