package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.edge.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEventTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2020-04-21T15:08:21.067Z");

    private static JsonNode event(HttpRequest request, Map<String, String> pathParameters) throws Exception {
        return JSON.readTree(ProxyEvent.v2(request, context(pathParameters)));
    }

    private static ProxyEvent.Context context(Map<String, String> pathParameters) {
        return new ProxyEvent.Context(
                "123456789012",
                "abc",
                "abc.execute-api.us-east-1.localhost",
                "$default",
                "GET /items/{id}",
                "/items/42",
                pathParameters,
                Map.of(),
                "LV7fzho-PHcEJPw=",
                NOW);
    }

    @Test
    void buildsTheTwoPointZeroEventAsApiGatewayDoes() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-multi", List.of("v1", "v2"));
        headers.put("cookie", List.of("c1=v1; c2=v2"));
        headers.put("user-agent", List.of("curl/8"));
        headers.put("content-type", List.of("text/plain"));
        JsonNode e = event(
                new HttpRequest(
                        "GET",
                        "/_lamina/execute-api/abc/items/42",
                        "a=1&a=2",
                        Map.of("a", List.of("1", "2")),
                        headers,
                        "hi".getBytes(StandardCharsets.UTF_8),
                        "1.2.3.4"),
                Map.of("id", "42"));
        assertEquals("2.0", e.get("version").asText());
        assertEquals("GET /items/{id}", e.get("routeKey").asText());
        assertEquals("/items/42", e.get("rawPath").asText());
        assertEquals("a=1&a=2", e.get("rawQueryString").asText());
        assertEquals("[\"c1=v1\",\"c2=v2\"]", e.get("cookies").toString());
        assertEquals("v1,v2", e.get("headers").get("x-multi").asText());
        assertFalse(e.get("headers").has("cookie"));
        assertEquals("1.2.3.4", e.get("headers").get("x-forwarded-for").asText());
        assertEquals("1,2", e.get("queryStringParameters").get("a").asText());
        assertEquals("42", e.get("pathParameters").get("id").asText());
        assertEquals("hi", e.get("body").asText());
        assertFalse(e.get("isBase64Encoded").asBoolean());
        assertFalse(e.has("stageVariables"), "absent sections are left out");
        JsonNode rc = e.get("requestContext");
        assertEquals("123456789012", rc.get("accountId").asText());
        assertEquals("abc", rc.get("apiId").asText());
        assertEquals("abc", rc.get("domainPrefix").asText());
        assertEquals("GET", rc.get("http").get("method").asText());
        assertEquals("/items/42", rc.get("http").get("path").asText());
        assertEquals("1.2.3.4", rc.get("http").get("sourceIp").asText());
        assertEquals("curl/8", rc.get("http").get("userAgent").asText());
        assertEquals("LV7fzho-PHcEJPw=", rc.get("requestId").asText());
        assertEquals("$default", rc.get("stage").asText());
        assertEquals("21/Apr/2020:15:08:21 +0000", rc.get("time").asText());
        assertEquals(1587481701067L, rc.get("timeEpoch").asLong());
    }

    @Test
    void aBinaryBodyIsBase64AndEmptySectionsAreLeftOut() throws Exception {
        JsonNode e = event(
                new HttpRequest("POST", "/", null, Map.of(), Map.of(), new byte[] {1, 2, 3}, "127.0.0.1"), Map.of());
        assertEquals("AQID", e.get("body").asText());
        assertTrue(e.get("isBase64Encoded").asBoolean());
        assertEquals("", e.get("rawQueryString").asText());
        assertFalse(e.has("cookies"));
        assertFalse(e.has("queryStringParameters"));
        assertFalse(e.has("pathParameters"));
    }

    @Test
    void aJsonValueWithoutStatusCodeIsA200JsonBody() throws Exception {
        byte[] out = "\"hi\"".getBytes(StandardCharsets.UTF_8);
        ProxyResponse r = ProxyResponse.v2(out);
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("Content-Type"));
        assertArrayEquals(out, r.body());
        assertEquals(
                200,
                ProxyResponse.v2("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).status());
    }

    @Test
    void aResponseObjectIsHonoured() throws Exception {
        ProxyResponse r = ProxyResponse.v2(("{\"statusCode\":418,\"headers\":{\"x\":\"1\"},"
                        + "\"multiValueHeaders\":{\"y\":[\"a\",\"b\"]},\"cookies\":[\"k=v\"],"
                        + "\"body\":\"aGk=\",\"isBase64Encoded\":true}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(418, r.status());
        assertEquals("1", r.headers().get("x"));
        assertEquals("a,b", r.headers().get("y"));
        assertEquals(List.of("k=v"), r.cookies());
        assertEquals("hi", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void malformedOutputIsRefused() {
        for (String bad : List.of("not json", "", "{\"statusCode\":\"x\"}", "{\"statusCode\":99}")) {
            assertThrows(
                    ProxyResponse.Malformed.class, () -> ProxyResponse.v2(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    @Test
    void buildsTheOnePointZeroEventWithLastAndAllValues() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-multi", List.of("v1", "v2"));
        JsonNode e = JSON.readTree(ProxyEventV1.of(
                new HttpRequest(
                        "GET", "/items/42", "a=1&a=2", Map.of("a", List.of("1", "2")), headers, new byte[0], "1.2.3.4"),
                context(Map.of("id", "42"))));
        assertEquals("1.0", e.get("version").asText());
        assertEquals("/items/{id}", e.get("resource").asText());
        assertEquals("/items/42", e.get("path").asText());
        assertEquals("GET", e.get("httpMethod").asText());
        assertEquals("v2", e.get("headers").get("x-multi").asText());
        assertEquals(
                "[\"v1\",\"v2\"]", e.get("multiValueHeaders").get("x-multi").toString());
        assertEquals("2", e.get("queryStringParameters").get("a").asText());
        assertEquals("42", e.get("pathParameters").get("id").asText());
        assertTrue(e.get("stageVariables").isNull(), "absent maps are null in 1.0");
        assertTrue(e.get("body").isNull());
        assertEquals(
                "1.2.3.4",
                e.get("requestContext").get("identity").get("sourceIp").asText());
        assertEquals(
                1587481701067L, e.get("requestContext").get("requestTimeEpoch").asLong());
        assertEquals("/items/{id}", e.get("requestContext").get("resourcePath").asText());
    }

    @Test
    void aRestApiEventHasNoVersionAndSaysItsResourceAndStage() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Multi", List.of("v1", "v2"));
        headers.put("content-type", List.of("application/json"));
        ProxyEvent.Context ctx = new ProxyEvent.Context(
                "123456789012",
                "abc",
                "abc.execute-api.us-east-1.localhost",
                "prod",
                "/items/{id}",
                "/prod/items/42",
                Map.of("id", "42"),
                Map.of("color", "blue"),
                "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
                NOW);
        JsonNode e = JSON.readTree(ProxyEventV1.node(
                        new HttpRequest(
                                "POST",
                                "/prod/items/42",
                                null,
                                Map.of(),
                                headers,
                                "{}".getBytes(StandardCharsets.UTF_8),
                                "1.2.3.4"),
                        ctx,
                        new ProxyEventV1.Resource(null, "x1y2z3", "/items/{id}", "/items/42", "/prod/items/42"))
                .toString());
        assertFalse(e.has("version"), "a REST API's event has no version");
        assertEquals("/items/{id}", e.get("resource").asText());
        assertEquals("/items/42", e.get("path").asText(), "the path is after the stage");
        assertEquals("POST", e.get("httpMethod").asText());
        assertEquals("v2", e.get("headers").get("X-Multi").asText(), "headers keep the client's casing");
        assertTrue(e.get("queryStringParameters").isNull());
        assertEquals("blue", e.get("stageVariables").get("color").asText());
        assertEquals("{}", e.get("body").asText());
        JsonNode rc = e.get("requestContext");
        assertEquals("x1y2z3", rc.get("resourceId").asText());
        assertEquals("/items/{id}", rc.get("resourcePath").asText());
        assertEquals("/prod/items/42", rc.get("path").asText(), "the context's path keeps the stage");
        assertEquals("prod", rc.get("stage").asText());
        assertEquals("abc", rc.get("apiId").asText());
        assertEquals("POST", rc.get("httpMethod").asText());
        assertEquals("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", rc.get("requestId").asText());
        assertEquals("1.2.3.4", rc.get("identity").get("sourceIp").asText());
    }

    @Test
    void aOnePointZeroAnswerNeedsAStatusCode() throws Exception {
        assertThrows(
                ProxyResponse.Malformed.class, () -> ProxyResponse.v1("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                204,
                ProxyResponse.v1("{\"statusCode\":204}".getBytes(StandardCharsets.UTF_8))
                        .status());
    }
}
