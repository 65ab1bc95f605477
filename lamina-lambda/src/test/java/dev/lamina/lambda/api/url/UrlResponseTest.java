package dev.lamina.lambda.api.url;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lambda's response rules for function URLs, without a socket. */
class UrlResponseTest {

    static UrlResponse of(String output) throws UrlResponse.Malformed {
        return UrlResponse.of(output.getBytes(StandardCharsets.UTF_8));
    }

    static String body(UrlResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aShapedResponseGivesStatusHeadersCookiesAndBody() throws Exception {
        UrlResponse r = of("{\"statusCode\":418,\"headers\":{\"x-a\":\"b\",\"x-n\":5,\"Content-Type\":\"text/plain\"},"
                + "\"cookies\":[\"a=1\",\"b=2\"],\"body\":\"tea\",\"extra\":{\"ignored\":[1,2]}}");
        assertEquals(418, r.status());
        assertEquals(Map.of("x-a", "b", "x-n", "5", "Content-Type", "text/plain"), r.headers());
        assertEquals(List.of("a=1", "b=2"), r.cookies());
        assertEquals("tea", body(r));
    }

    @Test
    void aBase64BodyIsDecodedAndTheDefaultTypeIsJson() throws Exception {
        UrlResponse r = of("{\"statusCode\":200,\"body\":\"AAEC/w==\",\"isBase64Encoded\":true}");
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 255}, r.body());
        assertEquals("application/json", r.headers().get("Content-Type"));
    }

    @Test
    void anyOtherJsonIsSentAsItIsWith200() throws Exception {
        for (String output : List.of("\"hello\"", "{\"a\":1}", "[1,2]", "42", "null")) {
            UrlResponse r = of(output);
            assertEquals(200, r.status(), output);
            assertEquals("application/json", r.headers().get("Content-Type"));
            assertEquals(output, body(r));
        }
    }

    @Test
    void aBodyThatIsNotAStringIsSentAsItsJson() throws Exception {
        assertEquals("{\"k\":[1,true]}", body(of("{\"statusCode\":200,\"body\":{\"k\":[1,true]}}")));
        assertEquals("7", body(of("{\"statusCode\":200,\"body\":7}")));
    }

    @Test
    void malformedAnswersAreRefused() {
        for (String output : List.of(
                "",
                "not json",
                "{\"statusCode\":\"200\"}",
                "{\"statusCode\":99}",
                "{\"statusCode\":200,\"headers\":[]}",
                "{\"statusCode\":200,\"headers\":{\"a\":{}}}",
                "{\"statusCode\":200,\"cookies\":[1]}",
                "{\"statusCode\":200,\"body\":\"%%\",\"isBase64Encoded\":true}",
                "{\"a\":1} trailing")) {
            assertThrows(UrlResponse.Malformed.class, () -> of(output), output);
        }
    }

    @Test
    void aStreamingPreludeDefaultsTo200AndOctets() throws Exception {
        UrlResponse r = UrlResponse.prelude("{\"cookies\":[\"c=1\"]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.status());
        assertEquals("application/octet-stream", r.headers().get("Content-Type"));
        assertEquals(List.of("c=1"), r.cookies());
        assertThrows(UrlResponse.Malformed.class, () -> UrlResponse.prelude("\"x\"".getBytes(StandardCharsets.UTF_8)));
    }
}
