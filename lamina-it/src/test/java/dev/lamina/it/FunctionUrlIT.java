package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;

/**
 * Function URLs serving real HTTP requests (java.net.http and curl) by Host and by path prefix: the
 * payload 2.0 event, Lambda's response rules, CORS and errors, with a real Python function.
 */
class FunctionUrlIT extends NodeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String APP = """
            import base64, json, time

            def handler(event, context):
                path = event['rawPath']
                if path == '/slow':
                    time.sleep(0.3)
                    return 'slow answer'

                if event['requestContext']['http']['method'] == 'OPTIONS' and path == '/never':
                    raise Exception('a preflight reached the function')
                if path.startswith('/echo'):
                    return {'statusCode': 200, 'headers': {'content-type': 'application/json'},
                            'body': json.dumps(event)}
                if path == '/shaped':
                    return {'statusCode': 201, 'headers': {'x-a': 'b', 'content-type': 'text/plain'},
                            'cookies': ['a=1; Path=/', 'b=2'], 'body': 'made'}
                if path == '/binary':
                    return {'statusCode': 200, 'headers': {'content-type': 'application/octet-stream'},
                            'body': base64.b64encode(bytes(range(256))).decode(), 'isBase64Encoded': True}
                if path == '/string':
                    return 'hello'
                if path == '/bad-header':
                    return {'statusCode': 200, 'headers': {'x-a': '1\\n2'}, 'body': 'x'}
                if path == '/object':
                    return {'a': 1}
                if path == '/fail':
                    raise Exception('boom')
                if path == '/malformed':
                    return {'statusCode': 'abc'}
                if path == '/own-cors':
                    return {'statusCode': 200, 'headers': {'access-control-allow-origin': 'https://evil.example'},
                            'body': 'x'}
                return {'statusCode': 404, 'body': 'no route ' + path}
            """;
    static String url;
    static String urlId;

    @BeforeAll
    static void createFunctionAndUrl() {
        Functions.create(lambda, "url-app", "python3.11", "app.handler", Functions.python(APP));
        url = lambda.createFunctionUrlConfig(r -> r.functionName("url-app").authType(FunctionUrlAuthType.NONE))
                .functionUrl();
        urlId = FunctionUrlIT.idOf(url);
        assertEquals(pathForm("/"), url, "the FunctionUrl is the path form on the address the SDK used");
    }

    /** The url-id of a FunctionUrl in the path form, {@code http://127.0.0.1:<port>/_lamina/url/<id>/}. */
    static String idOf(String functionUrl) {
        assertTrue(functionUrl.matches("http://127\\.0\\.0\\.1:\\d+/_lamina/url/[a-z0-9]{32}/"), functionUrl);
        return functionUrl.substring(functionUrl.length() - 33, functionUrl.length() - 1);
    }

    /** The Host form of the URL, which curl, browsers and (through {@link LocalhostResolver}) this JVM reach. */
    static String hostForm(String id, String rest) {
        return "http://" + id + ".lambda-url.us-east-1.localhost:" + node.port() + rest;
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), BodyHandlers.ofByteArray());
    }

    static String pathForm(String rest) {
        return node.endpoint() + "/_lamina/url/" + urlId + rest;
    }

    static JsonNode echo(String address, HttpRequest.Builder request) throws Exception {
        HttpResponse<byte[]> response = send(request.uri(URI.create(address)));
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        return JSON.readTree(response.body());
    }

    @Test
    void theEventCarriesTheRequestFieldByField() throws Exception {
        for (String address :
                List.of(hostForm(urlId, "/echo/x?a=1&a=2&b=hello%20world"), url + "echo/x?a=1&a=2&b=hello%20world")) {
            JsonNode event = echo(
                    address,
                    HttpRequest.newBuilder()
                            .header("X-Custom", "One")
                            .header("Cookie", "c1=v1; c2=v2")
                            .header("User-Agent", "lamina-test/1"));
            assertEquals("2.0", event.get("version").asText());
            assertEquals("$default", event.get("routeKey").asText());
            assertEquals("/echo/x", event.get("rawPath").asText(), address);
            assertEquals("a=1&a=2&b=hello%20world", event.get("rawQueryString").asText());
            assertEquals("One", event.get("headers").get("x-custom").asText());
            event.get("headers").fieldNames().forEachRemaining(name -> assertEquals(name.toLowerCase(), name));
            assertNull(event.get("headers").get("cookie"), "cookies are split out of the headers");
            assertEquals(List.of("c1=v1", "c2=v2"), JSON.convertValue(event.get("cookies"), List.class));
            assertEquals("1,2", event.get("queryStringParameters").get("a").asText());
            assertEquals(
                    "hello world", event.get("queryStringParameters").get("b").asText());
            JsonNode context = event.get("requestContext");
            assertEquals(urlId, context.get("apiId").asText());
            assertEquals(urlId, context.get("domainPrefix").asText());
            assertEquals(
                    urlId + ".lambda-url.us-east-1.localhost",
                    context.get("domainName").asText());
            assertEquals("$default", context.get("stage").asText());
            assertEquals("$default", context.get("routeKey").asText());
            assertEquals("GET", context.get("http").get("method").asText());
            assertEquals("/echo/x", context.get("http").get("path").asText());
            assertEquals("HTTP/1.1", context.get("http").get("protocol").asText());
            assertEquals("127.0.0.1", context.get("http").get("sourceIp").asText());
            assertEquals("lamina-test/1", context.get("http").get("userAgent").asText());
            assertTrue(context.get("requestId").asText().matches("[0-9a-f-]{36}"));
            assertTrue(
                    context.get("time").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
            assertTrue(Math.abs(System.currentTimeMillis()
                            - context.get("timeEpoch").asLong())
                    < 60_000);
            assertNull(event.get("body"));
            assertFalse(event.get("isBase64Encoded").asBoolean());
        }
    }

    @Test
    void theRequestIdIsTheInvocationsAndTheResponseSaysIt() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url + "echo")));
        JsonNode event = JSON.readTree(response.body());
        assertEquals(
                event.get("requestContext").get("requestId").asText(),
                response.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    @Test
    void textBodiesArriveAsTextAndOthersAsBase64() throws Exception {
        JsonNode text = echo(
                url + "echo",
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"k\": \"v\"}")));
        assertEquals(
                "POST", text.get("requestContext").get("http").get("method").asText());
        assertEquals("{\"k\": \"v\"}", text.get("body").asText());
        assertFalse(text.get("isBase64Encoded").asBoolean());

        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        JsonNode binary = echo(
                pathForm("/echo"),
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/octet-stream")
                        .POST(BodyPublishers.ofByteArray(bytes)));
        assertTrue(binary.get("isBase64Encoded").asBoolean());
        assertArrayEquals(bytes, Base64.getDecoder().decode(binary.get("body").asText()));
    }

    @Test
    void responsesFollowLambdasRules() throws Exception {
        HttpResponse<byte[]> shaped = send(HttpRequest.newBuilder(URI.create(url + "shaped")));
        assertEquals(201, shaped.statusCode());
        assertEquals("b", shaped.headers().firstValue("x-a").orElseThrow());
        assertEquals("text/plain", shaped.headers().firstValue("content-type").orElseThrow());
        assertEquals(List.of("a=1; Path=/", "b=2"), shaped.headers().allValues("set-cookie"));
        assertEquals("made", new String(shaped.body(), StandardCharsets.UTF_8));

        HttpResponse<byte[]> binary = send(HttpRequest.newBuilder(URI.create(url + "binary")));
        byte[] expected = new byte[256];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, binary.body());

        HttpResponse<byte[]> string = send(HttpRequest.newBuilder(URI.create(url + "string")));
        assertEquals(200, string.statusCode());
        assertEquals(
                "application/json", string.headers().firstValue("content-type").orElseThrow());
        assertEquals("\"hello\"", new String(string.body(), StandardCharsets.UTF_8));

        HttpResponse<byte[]> object = send(HttpRequest.newBuilder(URI.create(url + "object")));
        assertEquals(200, object.statusCode());
        assertEquals(1, JSON.readTree(object.body()).get("a").asInt());

        for (String failing : List.of("fail", "malformed")) {
            HttpResponse<byte[]> error = send(HttpRequest.newBuilder(URI.create(url + failing)));
            assertEquals(502, error.statusCode(), failing);
            assertEquals(
                    "Internal Server Error",
                    JSON.readTree(error.body()).get("Message").asText());
        }
    }

    @Test
    void corsIsAnsweredAndAppliedByTheNode() throws Exception {
        Functions.create(lambda, "url-cors", "python3.11", "app.handler", Functions.python(APP));
        String cors = lambda.createFunctionUrlConfig(r -> r.functionName("url-cors")
                        .authType(FunctionUrlAuthType.NONE)
                        .cors(c -> c.allowOrigins("https://app.example")
                                .allowMethods("GET", "POST")
                                .allowHeaders("x-custom", "content-type")
                                .exposeHeaders("x-a")
                                .maxAge(600)
                                .allowCredentials(true)))
                .functionUrl();

        HttpResponse<byte[]> preflight = send(HttpRequest.newBuilder(URI.create(cors + "never"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-custom"));
        assertEquals(200, preflight.statusCode(), "answered by the node, without invoking the function");
        var h = preflight.headers();
        assertEquals(
                "https://app.example",
                h.firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("GET,POST", h.firstValue("access-control-allow-methods").orElseThrow());
        assertEquals(
                "x-custom,content-type",
                h.firstValue("access-control-allow-headers").orElseThrow());
        assertEquals("600", h.firstValue("access-control-max-age").orElseThrow());
        assertEquals("true", h.firstValue("access-control-allow-credentials").orElseThrow());

        HttpResponse<byte[]> otherOrigin = send(HttpRequest.newBuilder(URI.create(cors + "never"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(200, otherOrigin.statusCode());
        assertTrue(
                otherOrigin.headers().firstValue("access-control-allow-origin").isEmpty());
        HttpResponse<byte[]> otherMethod = send(HttpRequest.newBuilder(URI.create(cors + "never"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "DELETE"));
        assertTrue(
                otherMethod.headers().firstValue("access-control-allow-origin").isEmpty());

        HttpResponse<byte[]> actual =
                send(HttpRequest.newBuilder(URI.create(cors + "shaped")).header("Origin", "https://app.example"));
        assertEquals(201, actual.statusCode());
        assertEquals(
                "https://app.example",
                actual.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals(
                "x-a",
                actual.headers().firstValue("access-control-expose-headers").orElseThrow());
        assertEquals(
                "true",
                actual.headers().firstValue("access-control-allow-credentials").orElseThrow());

        HttpResponse<byte[]> own = send(
                HttpRequest.newBuilder(URI.create(cors + "own-cors")).header("Origin", "https://elsewhere.example"));
        assertTrue(own.headers().firstValue("access-control-allow-origin").isEmpty(), "the configuration wins");

        // Without a CORS configuration the function answers OPTIONS itself.
        HttpResponse<byte[]> uncovered = send(HttpRequest.newBuilder(URI.create(url + "never"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(502, uncovered.statusCode());
    }

    @Test
    void anAliasUrlInvokesTheVersionTheAliasNames() throws Exception {
        Functions.create(
                lambda,
                "url-versions",
                "python3.11",
                "app.handler",
                Functions.python(
                        "def handler(e, c):\n    return {'statusCode': 200, 'body': 'one:' + c.function_version}\n"));
        lambda.publishVersion(r -> r.functionName("url-versions"));
        lambda.updateFunctionCode(r -> r.functionName("url-versions")
                .zipFile(SdkBytes.fromByteArray(Functions.python(
                        "def handler(e, c):\n    return {'statusCode': 200, 'body': 'two:' + c.function_version}\n"))));
        lambda.waiter().waitUntilFunctionUpdatedV2(r -> r.functionName("url-versions"));
        lambda.createAlias(r -> r.functionName("url-versions").name("live").functionVersion("1"));
        String live = lambda.createFunctionUrlConfig(
                        r -> r.functionName("url-versions").qualifier("live").authType(FunctionUrlAuthType.NONE))
                .functionUrl();
        String latest = lambda.createFunctionUrlConfig(
                        r -> r.functionName("url-versions").authType(FunctionUrlAuthType.NONE))
                .functionUrl();
        assertEquals(
                "one:1",
                new String(send(HttpRequest.newBuilder(URI.create(live))).body(), StandardCharsets.UTF_8));
        assertEquals(
                "two:$LATEST",
                new String(send(HttpRequest.newBuilder(URI.create(latest))).body(), StandardCharsets.UTF_8));
    }

    /** A request signed with SigV4 (service lambda) by the AWS SDK's own signer. */
    static HttpRequest.Builder signed(String address, String secret) {
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(URI.create(address))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(TestNode.ACCESS_KEY, secret))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromUtf8String(""))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request;
    }

    @Test
    void anIamUrlTakesOnlyRequestsSignedWithTheNodesKey() throws Exception {
        Functions.create(lambda, "url-iam", "python3.11", "app.handler", Functions.python(APP));
        String iam = lambda.createFunctionUrlConfig(
                        r -> r.functionName("url-iam").authType(FunctionUrlAuthType.AWS_IAM))
                .functionUrl();
        String iamId = idOf(iam);
        assertEquals(403, send(HttpRequest.newBuilder(URI.create(iam + "echo"))).statusCode(), "unsigned");
        assertEquals(403, send(signed(iam + "echo", "not-the-secret")).statusCode(), "signed with another secret");

        for (String address : List.of(iam + "echo?x=1", hostForm(iamId, "/echo?x=1"))) {
            HttpResponse<byte[]> ok = send(signed(address, TestNode.SECRET_KEY));
            assertEquals(200, ok.statusCode(), address);
            JsonNode context = JSON.readTree(ok.body()).get("requestContext");
            assertEquals("000000000000", context.get("accountId").asText());
            assertEquals(
                    TestNode.ACCESS_KEY,
                    context.get("authorizer").get("iam").get("accessKey").asText());
        }

        Process curl = new ProcessBuilder(
                        "curl",
                        "-s",
                        "--aws-sigv4",
                        "aws:amz:us-east-1:lambda",
                        "--user",
                        TestNode.ACCESS_KEY + ":" + TestNode.SECRET_KEY,
                        iam + "shaped")
                .start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
        assertEquals("made", out, "curl --aws-sigv4 signs as the SDKs do");

        lambda.updateFunctionUrlConfig(
                r -> r.functionName("url-iam").cors(c -> c.allowOrigins("*").allowMethods("GET")));
        HttpResponse<byte[]> preflight = send(HttpRequest.newBuilder(URI.create(iam + "echo"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET"));
        assertEquals(200, preflight.statusCode(), "browsers send preflights unsigned");
        assertEquals(
                "*",
                preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
    }

    @Test
    void curlReachesBothForms() throws Exception {
        for (String address : List.of(hostForm(urlId, "/shaped"), url + "shaped")) {
            Process curl = new ProcessBuilder("curl", "-s", "-i", address)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertTrue(out.startsWith("HTTP/1.1 201"), out);
            assertTrue(
                    out.contains("\r\nSet-cookie: a=1; Path=/\r\n")
                            || out.toLowerCase().contains("set-cookie: a=1; path=/"),
                    out);
            assertTrue(out.endsWith("\r\n\r\nmade"), out);
        }
    }

    @Test
    void unknownAndThrottledUrlsAreRefused() throws Exception {
        HttpResponse<byte[]> unknown =
                send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/_lamina/url/" + "a".repeat(32) + "/echo")));
        assertEquals(403, unknown.statusCode());
        assertEquals("Forbidden", JSON.readTree(unknown.body()).get("Message").asText());

        Functions.create(lambda, "url-throttled", "python3.11", "app.handler", Functions.python(APP));
        String throttled = lambda.createFunctionUrlConfig(
                        r -> r.functionName("url-throttled").authType(FunctionUrlAuthType.NONE))
                .functionUrl();
        lambda.putFunctionConcurrency(r -> r.functionName("url-throttled").reservedConcurrentExecutions(0));
        HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(URI.create(throttled + "echo")));
        assertEquals(429, refused.statusCode(), "URLs share Invoke's concurrency limits");
        lambda.deleteFunctionConcurrency(r -> r.functionName("url-throttled"));
        assertEquals(
                200,
                send(HttpRequest.newBuilder(URI.create(throttled + "echo"))).statusCode());
    }

    @Test
    void aHeaderThatHttpCannotCarryIsA502AndTheConnectionServesOn() throws Exception {
        String host = "Host: 127.0.0.1\r\n";
        String both = "GET /_lamina/url/" + urlId + "/bad-header HTTP/1.1\r\n" + host + "\r\n" + "GET /_lamina/url/"
                + urlId + "/string HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n";
        String out = exchange(both);
        assertTrue(out.startsWith("HTTP/1.1 502"), out);
        assertFalse(out.contains("\r\nx-a: 1"), out);
        assertTrue(out.contains("HTTP/1.1 200") && out.endsWith("\"hello\""), "the next request is answered: " + out);
    }

    /** Writes raw HTTP/1.1 to the node and reads until it closes the connection. */
    static String exchange(String requests) throws Exception {
        return RawHttp.exchange(URI.create(node.endpoint()).getPort(), requests);
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        send(HttpRequest.newBuilder(URI.create(pathForm("/slow")))); // warm: the next one runs on the event loop
        String host = "Host: 127.0.0.1\r\n";
        String both = "GET /_lamina/url/" + urlId + "/slow HTTP/1.1\r\n" + host + "\r\n" + "GET /health HTTP/1.1\r\n"
                + host + "Connection: close\r\n\r\n";
        String out = exchange(both);
        int first = out.indexOf("HTTP/1.1 200");
        int second = out.indexOf("HTTP/1.1 200", first + 1);
        assertTrue(first == 0 && second > 0, out);
        assertTrue(out.substring(0, second).endsWith("\"slow answer\""), "the slow answer comes first: " + out);
    }
}
