package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {
    private Instant now = Instant.parse("2026-03-01T12:00:00.250Z");
    private final InstantSource clock = () -> now;
    private final ResponseEncoder encoder = new ResponseEncoder(clock, new RequestIds(new Random(7)));

    private static HttpResponse ok(String body) {
        return new HttpResponse(200, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDateIsTheClocksAndChangesWithItsSecond() {
        DefaultFullHttpResponse first = encoder.full(ok("a"), false);
        assertEquals("Sun, 1 Mar 2026 12:00:00 GMT", first.headers().get("Date"));
        now = now.plusMillis(700);
        assertEquals(
                "Sun, 1 Mar 2026 12:00:00 GMT",
                encoder.full(ok("a"), false).headers().get("Date"));
        now = now.plusMillis(100);
        assertEquals(
                "Sun, 1 Mar 2026 12:00:01 GMT",
                encoder.full(ok("a"), false).headers().get("Date"));
        first.release();
    }

    @Test
    void aResponseWithoutARequestIdGetsOneFromTheGenerator() {
        String expected = new RequestIds(new Random(7)).next();
        assertEquals(expected, encoder.full(ok("a"), false).headers().get("x-amzn-RequestId"));
    }

    @Test
    void aRequestIdTheResponseNamesIsKept() {
        HttpResponse invoke = ok("a").withHeader("x-amzn-RequestId", "invocation-id");
        assertEquals("invocation-id", encoder.full(invoke, false).headers().get("x-amzn-RequestId"));
        HttpResponse s3 = ok("a").withHeader("x-amz-request-id", "4442587FB7D0A2F9");
        DefaultFullHttpResponse full = encoder.full(s3, false);
        assertNull(full.headers().get("x-amzn-RequestId"));
        assertEquals("4442587FB7D0A2F9", full.headers().get("x-amz-request-id"));
    }

    @Test
    void lengthsAndBodiesFollowTheStatusAndTheMethod() {
        DefaultFullHttpResponse get = encoder.full(ok("hello"), false);
        assertEquals("5", get.headers().get("Content-Length"));
        assertEquals("hello", get.content().toString(StandardCharsets.UTF_8));
        get.release();
        DefaultFullHttpResponse head = encoder.full(ok("hello"), true);
        assertEquals("0", head.headers().get("Content-Length"));
        assertFalse(head.content().isReadable());
        DefaultFullHttpResponse noContent = encoder.full(HttpResponse.empty(204), false);
        assertFalse(noContent.headers().contains("Content-Length"));
        DefaultFullHttpResponse notModified = encoder.full(new HttpResponse(304, Map.of(), new byte[3]), false);
        assertFalse(notModified.headers().contains("Content-Length"));
        assertFalse(notModified.content().isReadable());
    }

    @Test
    void everyCookieIsAHeaderOfItsOwn() {
        HttpResponse cookies = new HttpResponse(200, Map.of(), new byte[0], List.of("a=1", "b=2; Path=/"), null);
        assertEquals(
                List.of("a=1", "b=2; Path=/"),
                encoder.full(cookies, false).headers().getAll("Set-Cookie"));
        DefaultHttpResponse streamed = encoder.start(HttpVersion.HTTP_1_0, 200, Map.of("X-A", "1"), List.of("c=3"));
        assertEquals(HttpVersion.HTTP_1_0, streamed.protocolVersion());
        assertEquals(List.of("c=3"), streamed.headers().getAll("Set-Cookie"));
        assertEquals("Sun, 1 Mar 2026 12:00:00 GMT", streamed.headers().get("Date"));
    }

    @Test
    void aHeaderValueWithALineBreakCannotBeEncoded() {
        HttpResponse bad = ok("a").withHeader("X-Bad", "one\r\nX-Injected: two");
        assertThrows(IllegalArgumentException.class, () -> encoder.full(bad, false));
    }
}
