package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewayv2.ApiGatewayV2Client;
import software.amazon.awssdk.services.apigatewayv2.model.BadRequestException;
import software.amazon.awssdk.services.apigatewayv2.model.CreateApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.apigatewayv2.model.CreateStageResponse;
import software.amazon.awssdk.services.apigatewayv2.model.GetApiResponse;
import software.amazon.awssdk.services.apigatewayv2.model.NotFoundException;
import software.amazon.awssdk.services.apigatewayv2.model.ProtocolType;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * API Gateway HTTP APIs on a real node: made by quick create through the AWS CLI and the SDK for Java
 * v2, their ApiEndpoint called as returned from Java's HttpClient and from Python's urllib, serving a
 * real Python function that echoes the event it got.
 */
class ApiGatewayIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ECHO = """
            import json, time
            def handler(e, c):
                path = e.get('rawPath') or e['path']
                if path.endswith('/slow'):
                    time.sleep(2)
                if path.endswith('/fail'):
                    raise Exception('boom')
                if path.endswith('/plain'):
                    return {'plain': True}
                return {'statusCode': 201, 'headers': {'x-echo': 'yes', 'content-type': 'application/json',
                                                       'x-invoked': c.invoked_function_arn},
                        'multiValueHeaders': {'x-multi': ['a', 'b']}, 'cookies': ['k1=v1', 'k2=v2'],
                        'body': json.dumps(e)}
            """;

    /** A Lambda authorizer with simple responses: one token lets the caller in. */
    static final String AUTH = """
            def handler(e, c):
                token = e['identitySource'][0]
                return {'isAuthorized': token == 'let-me-in' and e['type'] == 'REQUEST',
                        'context': {'user': 'ann', 'routeArn': e['routeArn']}}
            """;

    static TestNode node;
    static AwsCli aws;
    static ApiGatewayV2Client apigw;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        node = TestNode.start();
        aws = new AwsCli(node.endpoint(), Files.createDirectories(node.dataDir().resolve("cli-work")));
        apigw = TestNode.client(ApiGatewayV2Client.builder(), URI.create(node.endpoint()));
        for (String name : List.of("apigw-echo", "apigw-denied", "apigw-throttled")) {
            Functions.create(node.lambda(), name, "python3.11", "app.handler", Functions.python(ECHO));
        }
        Functions.create(node.lambda(), "apigw-auth", "python3.11", "app.handler", Functions.python(AUTH));
        node.lambda()
                .addPermission(r -> r.functionName("apigw-auth")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com"));
        JsonNode permitted = CliIT.ok(aws.run(
                "lambda",
                "add-permission",
                "--function-name",
                "apigw-echo",
                "--statement-id",
                "apigw",
                "--action",
                "lambda:InvokeFunction",
                "--principal",
                "apigateway.amazonaws.com"));
        assertTrue(permitted.has("Statement"));
        node.lambda()
                .addPermission(r -> r.functionName("apigw-throttled")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com"));
        node.lambda()
                .putFunctionConcurrency(r -> r.functionName("apigw-throttled").reservedConcurrentExecutions(0));
    }

    @AfterAll
    static void stop() {
        if (apigw != null) {
            apigw.close();
        }
        if (node != null) {
            node.close();
        }
    }

    static String arn(String function) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
    }

    /** UpdateRoute through the CLI, with {@code more} of its options. */
    static AwsCli.Result updateRoute(String apiId, String routeId, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(
                List.of("apigatewayv2", "update-route", "--api-id", apiId, "--route-id", routeId));
        args.addAll(List.of(more));
        return aws.run(args.toArray(String[]::new));
    }

    static HttpResponse<String> preflight(String url, String origin, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void quickCreateThroughTheCliServesTheEventAndTheResponseRules() throws Exception {
        JsonNode api = CliIT.ok(aws.run(
                "apigatewayv2",
                "create-api",
                "--name",
                "echo",
                "--protocol-type",
                "HTTP",
                "--target",
                arn("apigw-echo")));
        String endpoint = api.get("ApiEndpoint").asText();
        String id = api.get("ApiId").asText();
        assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+/_lamina/execute-api/[a-z0-9]{10}"), endpoint);
        assertEquals("HTTP", api.get("ProtocolType").asText());
        assertEquals(
                "$request.method $request.path",
                api.get("RouteSelectionExpression").asText());

        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(endpoint + "/some/path?a=1&a=2&b=x%20y"))
                        .header("X-Custom", "one")
                        .header("Cookie", "c1=v1; c2=v2")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"in\":1}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), answer.body());
        assertEquals("yes", answer.headers().firstValue("x-echo").orElseThrow());
        assertEquals("a,b", answer.headers().firstValue("x-multi").orElseThrow());
        assertEquals(List.of("k1=v1", "k2=v2"), answer.headers().allValues("set-cookie"));
        JsonNode event = JSON.readTree(answer.body());
        assertEquals("2.0", event.get("version").asText());
        assertEquals("$default", event.get("routeKey").asText());
        assertEquals("/some/path", event.get("rawPath").asText());
        assertEquals("a=1&a=2&b=x%20y", event.get("rawQueryString").asText());
        assertEquals("1,2", event.get("queryStringParameters").get("a").asText());
        assertEquals("x y", event.get("queryStringParameters").get("b").asText());
        assertEquals(List.of("c1=v1", "c2=v2"), JSON.convertValue(event.get("cookies"), List.class));
        assertEquals("one", event.get("headers").get("x-custom").asText());
        assertFalse(event.get("headers").has("cookie"));
        assertEquals("{\"in\":1}", event.get("body").asText());
        assertFalse(event.get("isBase64Encoded").asBoolean());
        JsonNode ctx = event.get("requestContext");
        assertEquals("000000000000", ctx.get("accountId").asText());
        assertEquals(id, ctx.get("apiId").asText());
        assertEquals(
                id + ".execute-api.us-east-1.localhost", ctx.get("domainName").asText());
        assertEquals(id, ctx.get("domainPrefix").asText());
        assertEquals("POST", ctx.get("http").get("method").asText());
        assertEquals("/some/path", ctx.get("http").get("path").asText());
        assertEquals("HTTP/1.1", ctx.get("http").get("protocol").asText());
        assertEquals("127.0.0.1", ctx.get("http").get("sourceIp").asText());
        assertTrue(ctx.get("http").get("userAgent").asText().startsWith("Java-http-client"));
        assertTrue(ctx.get("requestId").asText().matches("[A-Za-z0-9-]{15}="), ctx.toString());
        assertEquals("$default", ctx.get("routeKey").asText());
        assertEquals("$default", ctx.get("stage").asText());
        assertTrue(ctx.get("time").asText().matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"));
        assertTrue(ctx.get("timeEpoch").asLong() > 1_700_000_000_000L);

        HttpResponse<String> plain = get(endpoint + "/plain");
        assertEquals(200, plain.statusCode());
        assertEquals(
                "application/json", plain.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"plain\": true}", plain.body());

        HttpResponse<String> failed = get(endpoint + "/fail");
        assertEquals(500, failed.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", failed.body());

        // the same URL as returned, from Python's standard library
        Process python = new ProcessBuilder(
                        "python3",
                        "-c",
                        "import json, sys, urllib.request\n"
                                + "r = urllib.request.urlopen(sys.argv[1] + '/from/python?q=1')\n"
                                + "e = json.load(r)\n"
                                + "print(r.status, e['rawPath'], e['queryStringParameters']['q'],"
                                + " e['requestContext']['http']['method'])",
                        endpoint)
                .redirectErrorStream(true)
                .start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        assertEquals("201 /from/python 1 GET", out.strip());

        JsonNode got = CliIT.ok(aws.run("apigatewayv2", "get-api", "--api-id", id));
        assertEquals(endpoint, got.get("ApiEndpoint").asText());
        assertEquals("echo", got.get("Name").asText());
        CliIT.ok(aws.run("apigatewayv2", "delete-api", "--api-id", id));
        assertEquals(404, get(endpoint + "/some/path").statusCode(), "a deleted API serves no more");
    }

    @Test
    void corsPreflightsAreAnsweredByTheApiAndAnswersCarryTheConfiguredHeaders() throws Exception {
        String app = "https://app.example.com";
        CreateApiResponse api = apigw.createApi(r -> r.name("cors")
                .protocolType(ProtocolType.HTTP)
                .target(arn("apigw-echo"))
                .corsConfiguration(c -> c.allowOrigins(app)
                        .allowMethods("GET", "POST")
                        .allowHeaders("authorization")
                        .exposeHeaders("x-echo")
                        .maxAge(600)
                        .allowCredentials(true)));
        assertEquals(List.of(app), api.corsConfiguration().allowOrigins());
        String url = api.apiEndpoint() + "/items";

        HttpResponse<String> preflight = preflight(url, app, "POST");
        assertEquals(204, preflight.statusCode());
        assertEquals(
                app,
                preflight.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals(
                "GET,POST",
                preflight.headers().firstValue("access-control-allow-methods").orElse(null));
        assertEquals(
                "authorization",
                preflight.headers().firstValue("access-control-allow-headers").orElse(null));
        assertEquals(
                "600", preflight.headers().firstValue("access-control-max-age").orElse(null));
        assertEquals(
                "true",
                preflight
                        .headers()
                        .firstValue("access-control-allow-credentials")
                        .orElse(null));
        assertEquals("", preflight.body());

        HttpResponse<String> fromApp = get(url, "Origin", app);
        assertEquals(201, fromApp.statusCode()); // the function ran
        assertEquals(
                app, fromApp.headers().firstValue("access-control-allow-origin").orElse(null));
        assertEquals(
                "x-echo",
                fromApp.headers().firstValue("access-control-expose-headers").orElse(null));
        HttpResponse<String> fromElsewhere = get(url, "Origin", "https://elsewhere.example.com");
        assertEquals(201, fromElsewhere.statusCode());
        assertTrue(fromElsewhere
                .headers()
                .firstValue("access-control-allow-origin")
                .isEmpty());

        // the CLI replaces the configuration; credentials with * are refused and change nothing
        JsonNode updated = CliIT.ok(aws.run(
                "apigatewayv2",
                "update-api",
                "--api-id",
                api.apiId(),
                "--cors-configuration",
                "AllowOrigins=*,AllowMethods=GET"));
        assertEquals(
                "*", updated.get("CorsConfiguration").get("AllowOrigins").get(0).asText());
        AwsCli.Result refused = aws.run(
                "apigatewayv2",
                "update-api",
                "--api-id",
                api.apiId(),
                "--cors-configuration",
                "AllowOrigins=*,AllowCredentials=true");
        assertTrue(refused.stderr().contains("BadRequestException"), refused.stderr());
        assertTrue(
                refused.stderr().contains("allow-credentials is not supported if 'allow-origin' is *"),
                refused.stderr());
        GetApiResponse kept = apigw.getApi(r -> r.apiId(api.apiId()));
        assertEquals(List.of("GET"), kept.corsConfiguration().allowMethods());
        assertFalse(kept.corsConfiguration().allowCredentials());
        assertEquals(
                "*",
                get(url, "Origin", "http://localhost:3000")
                        .headers()
                        .firstValue("access-control-allow-origin")
                        .orElse(null));

        // without a configuration an OPTIONS request is the function's like any other
        apigw.deleteCorsConfiguration(r -> r.apiId(api.apiId()));
        assertEquals(null, apigw.getApi(r -> r.apiId(api.apiId())).corsConfiguration());
        HttpResponse<String> plain = preflight(url, app, "POST");
        assertEquals(201, plain.statusCode());
        assertTrue(plain.headers().firstValue("access-control-allow-origin").isEmpty());
        apigw.deleteApi(r -> r.apiId(api.apiId()));
    }

    @Test
    void aLambdaAuthorizerLetsInOnlyWhomItAllowsAndTellsTheIntegrationWho() throws Exception {
        CreateApiResponse api = apigw.createApi(
                r -> r.name("authorized").protocolType(ProtocolType.HTTP).target(arn("apigw-echo")));
        String uri =
                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + arn("apigw-auth") + "/invocations";
        JsonNode authorizer = CliIT.ok(aws.run(
                "apigatewayv2",
                "create-authorizer",
                "--api-id",
                api.apiId(),
                "--name",
                "token",
                "--authorizer-type",
                "REQUEST",
                "--authorizer-uri",
                uri,
                "--identity-source",
                "$request.header.Authorization",
                "--authorizer-payload-format-version",
                "2.0",
                "--enable-simple-responses"));
        String authorizerId = authorizer.get("AuthorizerId").asText();
        assertEquals(arn("apigw-auth"), authorizer.get("AuthorizerUri").asText());
        String routeId =
                apigw.getRoutes(r -> r.apiId(api.apiId())).items().getFirst().routeId();

        // a CUSTOM route needs one of the API's authorizers: refused, and the route stays open
        AwsCli.Result refused =
                updateRoute(api.apiId(), routeId, "--authorization-type", "CUSTOM", "--authorizer-id", "nosuch");
        assertTrue(refused.stderr().contains("BadRequestException"), refused.stderr());
        assertEquals(201, get(api.apiEndpoint() + "/open").statusCode());

        JsonNode route = CliIT.ok(
                updateRoute(api.apiId(), routeId, "--authorization-type", "CUSTOM", "--authorizer-id", authorizerId));
        assertEquals("CUSTOM", route.get("AuthorizationType").asText());
        assertEquals(authorizerId, route.get("AuthorizerId").asText());

        HttpResponse<String> anonymous = get(api.apiEndpoint() + "/items/7");
        assertEquals(401, anonymous.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", anonymous.body());
        HttpResponse<String> stranger = get(api.apiEndpoint() + "/items/7", "Authorization", "guess");
        assertEquals(403, stranger.statusCode());
        assertEquals("{\"message\":\"Forbidden\"}", stranger.body());
        HttpResponse<String> friend = get(api.apiEndpoint() + "/items/7", "Authorization", "let-me-in");
        assertEquals(201, friend.statusCode(), friend.body());
        JsonNode told = JSON.readTree(friend.body())
                .get("requestContext")
                .get("authorizer")
                .get("lambda");
        assertEquals("ann", told.get("user").asText());
        assertTrue(
                told.get("routeArn").asText().endsWith(":" + api.apiId() + "/$default/GET/items/7"), told.toString());

        // an authorizer API Gateway may not invoke answers 500, and other types are refused
        String denied = apigw.createAuthorizer(r -> r.apiId(api.apiId())
                        .name("denied")
                        .authorizerType("REQUEST")
                        .authorizerUri(arn("apigw-denied"))
                        .identitySource("$request.header.Authorization")
                        .authorizerPayloadFormatVersion("2.0")
                        .enableSimpleResponses(true))
                .authorizerId();
        // (the SDK clients here send through HttpURLConnection, which cannot send PATCH: the CLI can)
        CliIT.ok(updateRoute(api.apiId(), routeId, "--authorizer-id", denied));
        assertEquals(
                500, get(api.apiEndpoint() + "/x", "Authorization", "let-me-in").statusCode());
        assertThrows(
                BadRequestException.class,
                () -> apigw.createAuthorizer(r -> r.apiId(api.apiId())
                        .name("jwt")
                        .authorizerType("JWT")
                        .identitySource("$request.header.Authorization")));
        assertEquals(2, apigw.getAuthorizers(r -> r.apiId(api.apiId())).items().size());
        apigw.deleteApi(r -> r.apiId(api.apiId()));
    }

    @Test
    void withoutThePermissionTheFunctionIsNotInvoked() throws Exception {
        CreateApiResponse api = apigw.createApi(
                r -> r.name("denied").protocolType(ProtocolType.HTTP).target(arn("apigw-denied")));
        HttpResponse<String> denied = get(api.apiEndpoint() + "/x");
        assertEquals(500, denied.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", denied.body());
        // an invoked function would have written its log stream
        assertThrows(
                ResourceNotFoundException.class,
                () -> node.logs().describeLogStreams(r -> r.logGroupName("/aws/lambda/apigw-denied")));
        apigw.deleteApi(r -> r.apiId(api.apiId()));
    }

    @Test
    void routeKeyOfAQuickCreateNamesPathParametersAndAnswers404Elsewhere() throws Exception {
        CreateApiResponse api = apigw.createApi(r -> r.name("items")
                .protocolType(ProtocolType.HTTP)
                .target(arn("apigw-echo"))
                .routeKey("GET /items/{id}"));
        HttpResponse<String> item = get(api.apiEndpoint() + "/items/42");
        assertEquals(201, item.statusCode(), item.body());
        JsonNode event = JSON.readTree(item.body());
        assertEquals("GET /items/{id}", event.get("routeKey").asText());
        assertEquals("42", event.get("pathParameters").get("id").asText());
        assertEquals(
                "GET /items/{id}", event.get("requestContext").get("routeKey").asText());

        HttpResponse<String> none = get(api.apiEndpoint() + "/other");
        assertEquals(404, none.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", none.body());
        assertEquals(
                404,
                http.send(
                                HttpRequest.newBuilder(URI.create(api.apiEndpoint() + "/items/42"))
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());

        GetApiResponse got = apigw.getApi(r -> r.apiId(api.apiId()));
        assertEquals(api.apiEndpoint(), got.apiEndpoint());
        assertTrue(
                apigw.getApis(r -> {}).items().stream().anyMatch(a -> a.apiId().equals(api.apiId())));
        apigw.deleteApi(r -> r.apiId(api.apiId()));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> apigw.getApi(r -> r.apiId(api.apiId())));
        assertEquals(404, gone.statusCode());
        assertThrows(NotFoundException.class, () -> apigw.deleteApi(r -> r.apiId(api.apiId())));
    }

    @Test
    void malformedCreateApiIsRefusedAndMakesNothing() throws Exception {
        int before = apigw.getApis(r -> {}).items().size();
        BadRequestException badKey = assertThrows(
                BadRequestException.class,
                () -> apigw.createApi(r -> r.name("bad")
                        .protocolType(ProtocolType.HTTP)
                        .target(arn("apigw-echo"))
                        .routeKey("FETCH items")));
        assertEquals(400, badKey.statusCode());
        assertTrue(badKey.getMessage().contains("FETCH items"), badKey.getMessage());
        assertThrows(
                BadRequestException.class,
                () -> apigw.createApi(r -> r.name("ws").protocolType(ProtocolType.WEBSOCKET)));
        AwsCli.Result noTarget = aws.run(
                "apigatewayv2",
                "create-api",
                "--name",
                "no-target",
                "--protocol-type",
                "HTTP",
                "--route-key",
                "GET /a");
        assertEquals(254, noTarget.exitCode(), noTarget.stderr());
        assertTrue(noTarget.stderr().contains("BadRequestException"), noTarget.stderr());
        assertEquals(before, apigw.getApis(r -> {}).items().size());
    }

    @Test
    void routesIntegrationsAndStagesBuiltOneByOne() throws Exception {
        String apiId = apigw.createApi(r -> r.name("built").protocolType(ProtocolType.HTTP))
                .apiId();
        String v2 = apigw.createIntegration(r -> r.apiId(apiId)
                        .integrationType("AWS_PROXY")
                        .integrationUri(arn("apigw-echo"))
                        .payloadFormatVersion("2.0"))
                .integrationId();
        CreateIntegrationResponse v1 = apigw.createIntegration(r -> r.apiId(apiId)
                .integrationType("AWS_PROXY")
                .integrationUri(arn("apigw-echo"))
                .payloadFormatVersion("1.0")
                .timeoutInMillis(500));
        assertEquals(500, v1.timeoutInMillis());
        assertEquals("1.0", v1.payloadFormatVersion());
        String items = apigw.createRoute(
                        r -> r.apiId(apiId).routeKey("GET /items/{id}").target("integrations/" + v2))
                .routeId();
        apigw.createRoute(
                r -> r.apiId(apiId).routeKey("ANY /v1/{proxy+}").target("integrations/" + v1.integrationId()));
        assertEquals(2, apigw.getRoutes(r -> r.apiId(apiId)).items().size());
        assertEquals(2, apigw.getIntegrations(r -> r.apiId(apiId)).items().size());
        String endpoint = apigw.getApi(r -> r.apiId(apiId)).apiEndpoint();
        assertEquals(404, get(endpoint + "/items/1").statusCode(), "no stage serves yet");

        CreateStageResponse prod = apigw.createStage(r ->
                r.apiId(apiId).stageName("prod").autoDeploy(true).stageVariables(java.util.Map.of("color", "blue")));
        assertEquals("blue", prod.stageVariables().get("color"));
        assertEquals(
                List.of("prod"),
                apigw.getStages(r -> r.apiId(apiId)).items().stream()
                        .map(st -> st.stageName())
                        .toList());
        HttpResponse<String> item = get(endpoint + "/prod/items/7");
        assertEquals(201, item.statusCode(), item.body());
        JsonNode event = JSON.readTree(item.body());
        assertEquals("/prod/items/7", event.get("rawPath").asText());
        assertEquals("7", event.get("pathParameters").get("id").asText());
        assertEquals("blue", event.get("stageVariables").get("color").asText());
        assertEquals("prod", event.get("requestContext").get("stage").asText());

        HttpResponse<String> old = get(endpoint + "/prod/v1/a/b?x=1&x=2", "X-Twice", "t");
        assertEquals(201, old.statusCode(), old.body());
        JsonNode v1Event = JSON.readTree(old.body());
        assertEquals("1.0", v1Event.get("version").asText());
        assertEquals("/v1/{proxy+}", v1Event.get("resource").asText());
        assertEquals("GET", v1Event.get("httpMethod").asText());
        assertEquals("a/b", v1Event.get("pathParameters").get("proxy").asText());
        assertEquals("2", v1Event.get("queryStringParameters").get("x").asText());
        assertEquals(
                "[\"1\",\"2\"]",
                v1Event.get("multiValueQueryStringParameters").get("x").toString());
        assertEquals("t", v1Event.get("headers").get("x-twice").asText());
        assertTrue(v1Event.get("body").isNull());
        assertEquals(504, get(endpoint + "/prod/v1/slow").statusCode());
        assertEquals(
                "{\"message\":\"Endpoint request timed out\"}",
                get(endpoint + "/prod/v1/slow").body());
        // a 1.0 answer must carry a statusCode
        assertEquals(500, get(endpoint + "/prod/v1/plain").statusCode());

        assertEquals(
                "blue",
                apigw.getStage(r -> r.apiId(apiId).stageName("prod"))
                        .stageVariables()
                        .get("color"));
        assertEquals(
                500,
                apigw.getIntegration(r -> r.apiId(apiId).integrationId(v1.integrationId()))
                        .timeoutInMillis());
        assertThrows(
                NotFoundException.class,
                () -> apigw.getStage(r -> r.apiId(apiId).stageName("dev")));
        apigw.deleteRoute(r -> r.apiId(apiId).routeId(items));
        assertEquals(404, get(endpoint + "/prod/items/7").statusCode());
        assertThrows(
                NotFoundException.class,
                () -> apigw.deleteRoute(r -> r.apiId(apiId).routeId(items)));
        assertThrows(
                BadRequestException.class,
                () -> apigw.createRoute(r -> r.apiId(apiId).routeKey("GET /x").target("integrations/nope")));
        assertThrows(
                BadRequestException.class,
                () -> apigw.createIntegration(r -> r.apiId(apiId)
                        .integrationType("AWS_PROXY")
                        .integrationUri(arn("apigw-echo"))
                        .timeoutInMillis(40_000)));
        assertEquals(1, apigw.getRoutes(r -> r.apiId(apiId)).items().size());
        assertEquals(2, apigw.getIntegrations(r -> r.apiId(apiId)).items().size());
        apigw.deleteStage(r -> r.apiId(apiId).stageName("prod"));
        assertEquals(404, get(endpoint + "/prod/v1/a").statusCode(), "a deleted stage serves no more");
        assertThrows(
                NotFoundException.class,
                () -> apigw.deleteStage(r -> r.apiId(apiId).stageName("prod")));
        apigw.deleteApi(r -> r.apiId(apiId));
    }

    @Test
    void aThrottledFunctionAnswers503() throws Exception {
        CreateApiResponse api = apigw.createApi(
                r -> r.name("throttled").protocolType(ProtocolType.HTTP).target(arn("apigw-throttled")));
        HttpResponse<String> throttled = get(api.apiEndpoint() + "/x");
        assertEquals(503, throttled.statusCode());
        assertEquals("{\"message\":\"Service Unavailable\"}", throttled.body());
        apigw.deleteApi(r -> r.apiId(api.apiId()));
    }

    @Test
    void anApiOutlivesARestartOfTheNode() throws Exception {
        try (TestNode own = TestNode.start()) {
            Functions.create(own.lambda(), "apigw-kept", "python3.11", "app.handler", Functions.python(ECHO));
            own.lambda()
                    .addPermission(r -> r.functionName("apigw-kept")
                            .statementId("apigw")
                            .action("lambda:InvokeFunction")
                            .principal("apigateway.amazonaws.com"));
            String apiId;
            try (ApiGatewayV2Client before =
                    TestNode.client(ApiGatewayV2Client.builder(), URI.create(own.endpoint()))) {
                apiId = before.createApi(r -> r.name("kept")
                                .protocolType(ProtocolType.HTTP)
                                .target(arn("apigw-kept"))
                                .routeKey("GET /kept/{id}"))
                        .apiId();
            }
            own.restartNode();
            try (ApiGatewayV2Client after = TestNode.client(ApiGatewayV2Client.builder(), URI.create(own.endpoint()))) {
                String endpoint = after.getApi(r -> r.apiId(apiId)).apiEndpoint();
                assertTrue(endpoint.contains(":" + own.port() + "/"), endpoint);
                HttpResponse<String> kept = get(endpoint + "/kept/1");
                assertEquals(201, kept.statusCode(), kept.body());
                assertEquals(
                        "1",
                        JSON.readTree(kept.body())
                                .get("pathParameters")
                                .get("id")
                                .asText());
            }
        }
    }

    @Test
    void anIntegrationWithAnAliasArnRunsTheAliasWithTheAliasPermission() throws Exception {
        Functions.create(node.lambda(), "apigw-aliased", "python3.11", "app.handler", Functions.python(ECHO));
        node.lambda().publishVersion(r -> r.functionName("apigw-aliased"));
        node.lambda()
                .createAlias(r -> r.functionName("apigw-aliased").name("live").functionVersion("1"));
        String alias = arn("apigw-aliased") + ":live";
        String apiId = apigw.createApi(r -> r.name("aliased").protocolType(ProtocolType.HTTP))
                .apiId();
        String integration = apigw.createIntegration(r -> r.apiId(apiId)
                        .integrationType("AWS_PROXY")
                        .integrationUri(alias)
                        .payloadFormatVersion("2.0"))
                .integrationId();
        apigw.createRoute(r -> r.apiId(apiId).routeKey("$default").target("integrations/" + integration));
        apigw.createStage(r -> r.apiId(apiId).stageName("$default").autoDeploy(true));
        String endpoint = apigw.getApi(r -> r.apiId(apiId)).apiEndpoint();
        assertEquals(500, get(endpoint + "/a").statusCode(), "no permission on the alias yet");
        node.lambda()
                .addPermission(r -> r.functionName("apigw-aliased")
                        .qualifier("live")
                        .statementId("apigw")
                        .action("lambda:InvokeFunction")
                        .principal("apigateway.amazonaws.com"));
        HttpResponse<String> ran = get(endpoint + "/a");
        assertEquals(201, ran.statusCode(), ran.body());
        assertEquals(alias, ran.headers().firstValue("x-invoked").orElseThrow());
        apigw.deleteApi(r -> r.apiId(apiId));
    }
}
