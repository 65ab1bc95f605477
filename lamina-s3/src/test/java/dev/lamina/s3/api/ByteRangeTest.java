package dev.lamina.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void readsTheFormsS3Serves() {
        assertEquals(new ByteRange(2, 4), ByteRange.parse("bytes=2-4", 10));
        assertEquals(new ByteRange(7, 9), ByteRange.parse("bytes=7-", 10));
        assertEquals(new ByteRange(7, 9), ByteRange.parse("bytes=-3", 10));
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=-30", 10));
        assertEquals(new ByteRange(8, 9), ByteRange.parse("bytes=8-100", 10));
        assertEquals("bytes 2-4/10", ByteRange.parse("bytes=2-4", 10).contentRange(10));
        assertEquals(3, ByteRange.parse("bytes=2-4", 10).length());
    }

    @Test
    void aRangeFromPastTheEndIs416() {
        AwsException e = assertThrows(AwsException.class, () -> ByteRange.parse("bytes=10-", 10));
        assertEquals(416, e.status());
        assertEquals("InvalidRange", e.code());
        assertEquals("10", e.fields().get("ActualObjectSize"));
        assertThrows(AwsException.class, () -> ByteRange.parse("bytes=-1", 0));
    }

    @Test
    void whatS3DoesNotReadAsOneRangeServesTheWholeObject() {
        assertNull(ByteRange.parse(null, 10));
        assertNull(ByteRange.parse("items=1-2", 10));
        assertNull(ByteRange.parse("bytes=1-2,4-5", 10));
        assertNull(ByteRange.parse("bytes=5-2", 10));
        assertNull(ByteRange.parse("bytes=x-y", 10));
        assertNull(ByteRange.parse("bytes=-", 10));
    }
}
