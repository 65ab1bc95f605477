package dev.lamina.lambda.api.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.edge.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload 2.0 event of a function URL, built from a request without a socket. */
class UrlEventTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final UrlEvent.Context CONTEXT = new UrlEvent.Context(
            "a".repeat(32),
            "a".repeat(32) + ".lambda-url.us-east-1.localhost",
            "/p",
            "rid-1",
            Instant.ofEpochMilli(1_587_481_701_067L),
            null,
            "000000000000");

    static JsonNode event(Map<String, List<String>> headers, Map<String, List<String>> query, byte[] body)
            throws Exception {
        HttpRequest request = new HttpRequest("POST", "/p", "q=1", query, headers, body, "10.0.0.7");
        return JSON.readTree(UrlEvent.of(request, CONTEXT));
    }

    @Test
    void headersJoinCookiesSplitAndTheContextIsFilledIn() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-multi", List.of("v1", "v2"));
        headers.put("cookie", List.of("a=1; b=2", "c=3"));
        headers.put("user-agent", List.of("ua"));
        JsonNode e = event(headers, Map.of("q", List.of("1", "2")), new byte[0]);
        assertEquals("v1,v2", e.get("headers").get("x-multi").asText());
        assertNull(e.get("headers").get("cookie"));
        assertEquals("10.0.0.7", e.get("headers").get("x-forwarded-for").asText());
        assertEquals("[\"a=1\",\"b=2\",\"c=3\"]", e.get("cookies").toString());
        assertEquals("1,2", e.get("queryStringParameters").get("q").asText());
        assertEquals("q=1", e.get("rawQueryString").asText());
        JsonNode ctx = e.get("requestContext");
        assertEquals("rid-1", ctx.get("requestId").asText());
        assertEquals("21/Apr/2020:15:08:21 +0000", ctx.get("time").asText());
        assertEquals(1_587_481_701_067L, ctx.get("timeEpoch").asLong());
        assertEquals("ua", ctx.get("http").get("userAgent").asText());
        assertEquals("10.0.0.7", ctx.get("http").get("sourceIp").asText());
        assertNull(e.get("body"));
        assertFalse(e.get("isBase64Encoded").asBoolean());
        assertEquals("anonymous", ctx.get("accountId").asText());
        assertNull(ctx.get("authorizer"));
    }

    @Test
    void aSignedCallerIsTheIamAuthorizer() throws Exception {
        UrlEvent.Context signed =
                new UrlEvent.Context("a".repeat(32), "d", "/p", "rid-2", Instant.EPOCH, "AKIDEXAMPLE", "123456789012");
        HttpRequest request = new HttpRequest("GET", "/p", null, Map.of(), Map.of(), new byte[0], "127.0.0.1");
        JsonNode ctx = JSON.readTree(UrlEvent.of(request, signed)).get("requestContext");
        assertEquals("123456789012", ctx.get("accountId").asText());
        JsonNode iam = ctx.get("authorizer").get("iam");
        assertEquals("AKIDEXAMPLE", iam.get("accessKey").asText());
        assertEquals("123456789012", iam.get("accountId").asText());
        assertEquals("arn:aws:iam::123456789012:root", iam.get("userArn").asText());
        assertTrue(iam.get("cognitoIdentity").isNull());
    }

    @Test
    void textStaysTextAndTheRestIsBase64() throws Exception {
        byte[] text = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode json = event(Map.of("content-type", List.of("application/json; charset=utf-8")), Map.of(), text);
        assertEquals("{\"k\":\"v\"}", json.get("body").asText());
        assertFalse(json.get("isBase64Encoded").asBoolean());
        JsonNode form = event(Map.of("content-type", List.of("application/x-www-form-urlencoded")), Map.of(), text);
        assertTrue(form.get("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(text), form.get("body").asText());
        assertTrue(UrlEvent.isText("text/html"));
        assertTrue(UrlEvent.isText("application/problem+json"));
        assertFalse(UrlEvent.isText(null));
        assertFalse(UrlEvent.isText("image/png"));
    }
}
