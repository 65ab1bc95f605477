package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.7", 40000);

    private static FullHttpRequest raw(HttpMethod method, String uri, String body) {
        DefaultFullHttpRequest raw = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        raw.headers().add("Host", "localhost:9701").add("X-Amz-Date", "20260101T000000Z");
        raw.headers().add("X-Multi", "one").add("x-multi", "two");
        return raw;
    }

    /** Reads a request built the way Netty's decoder builds one, then releases it. */
    private static HttpRequest read(HttpMethod method, String uri, String body) {
        FullHttpRequest raw = raw(method, uri, body);
        try {
            return RequestReader.read(raw, CLIENT);
        } finally {
            raw.release();
        }
    }

    @Test
    void splitsPathAndQueryAndKeepsThemRaw() {
        HttpRequest request =
                read(HttpMethod.POST, "/2015-03-31/functions/a%3Ab/invocations?Qualifier=%24LATEST", "{}");
        assertEquals("POST", request.method());
        assertEquals("/2015-03-31/functions/a%3Ab/invocations", request.rawPath());
        assertEquals("Qualifier=%24LATEST", request.rawQuery());
        assertEquals(Map.of("Qualifier", List.of("$LATEST")), request.query());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), request.body());
        assertEquals("127.0.0.7", request.remoteAddress());
    }

    @Test
    void lowerCasesHeaderNamesAndKeepsEveryValueInOrder() {
        HttpRequest request = read(HttpMethod.GET, "/", "");
        assertEquals(List.of("one", "two"), request.headers().get("x-multi"));
        assertEquals("20260101T000000Z", request.header("x-amz-date"));
        assertEquals("localhost:9701", request.header("host"));
    }

    @Test
    void absoluteFormAndFragmentsLeaveTheOriginPath() {
        HttpRequest request = read(HttpMethod.GET, "http://node:9701/health?x=1#top", "");
        assertEquals("/health", request.rawPath());
        assertEquals("x=1", request.rawQuery());
        assertEquals("/", read(HttpMethod.GET, "https://node:9701", "").rawPath());
    }

    @Test
    void noQueryIsNullAndEmpty() {
        HttpRequest request = read(HttpMethod.GET, "/health", "");
        assertNull(request.rawQuery());
        assertEquals(Map.of(), request.query());
    }

    @Test
    void aBadEscapeInTheQueryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> read(HttpMethod.GET, "/x?a=%zz", ""));
    }

    @Test
    void theHeadOfARequestNeverDecodesItsQuery() {
        FullHttpRequest raw = raw(HttpMethod.PUT, "/x?a=%zz", "body");
        try {
            HttpRequest head = RequestReader.head(raw, null);
            assertEquals("/x", head.rawPath());
            assertEquals("a=%zz", head.rawQuery());
            assertEquals(Map.of(), head.query());
            assertEquals(0, head.body().length);
            assertEquals("", head.remoteAddress());
            assertEquals("localhost:9701", head.header("host"));
        } finally {
            raw.release();
        }
    }
}
