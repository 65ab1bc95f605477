package dev.lamina.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreconditionsTest {
    private static final String ETAG = "\"abc\"";
    private static final Instant MODIFIED = Instant.parse("2026-12-07T10:00:00.700Z");

    private static Preconditions eval(
            String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince) {
        return Preconditions.evaluate(ETAG, MODIFIED, ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince);
    }

    @Test
    void entityTags() {
        assertEquals(Preconditions.PROCEED, eval(ETAG, null, null, null));
        assertEquals(Preconditions.PROCEED, eval("abc", null, null, null));
        assertEquals(Preconditions.PROCEED, eval("*", null, null, null));
        assertEquals(Preconditions.FAILED, eval("\"xyz\"", null, null, null));
        assertEquals(Preconditions.NOT_MODIFIED, eval(null, "\"xyz\", " + ETAG, null, null));
        assertEquals(Preconditions.PROCEED, eval(null, "\"xyz\"", null, null));
    }

    @Test
    void datesCompareToTheSecond() {
        assertEquals(Preconditions.NOT_MODIFIED, eval(null, null, "Mon, 07 Dec 2026 10:00:00 GMT", null));
        assertEquals(Preconditions.PROCEED, eval(null, null, "Mon, 07 Dec 2026 09:59:59 GMT", null));
        assertEquals(Preconditions.FAILED, eval(null, null, null, "Mon, 07 Dec 2026 09:59:59 GMT"));
        assertEquals(Preconditions.PROCEED, eval(null, null, null, "Mon, 07 Dec 2026 10:00:00 GMT"));
        assertEquals(Preconditions.PROCEED, eval(null, null, "not a date", "not a date either"));
    }

    @Test
    void anEntityTagTakesPrecedenceOverItsDate() {
        // If-Match holds: If-Unmodified-Since is not looked at
        assertEquals(Preconditions.PROCEED, eval(ETAG, null, null, "Mon, 07 Dec 2026 09:00:00 GMT"));
        // If-None-Match does not match: If-Modified-Since is not looked at
        assertEquals(Preconditions.PROCEED, eval(null, "\"xyz\"", "Mon, 07 Dec 2026 11:00:00 GMT", null));
    }
}
