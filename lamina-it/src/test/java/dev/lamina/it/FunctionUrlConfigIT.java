package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Cors;
import software.amazon.awssdk.services.lambda.model.CreateFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.FunctionUrlAuthType;
import software.amazon.awssdk.services.lambda.model.FunctionUrlConfig;
import software.amazon.awssdk.services.lambda.model.GetFunctionUrlConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeMode;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionUrlConfigResponse;

/** Create/Get/Update/Delete/ListFunctionUrlConfig(s) through the AWS SDK for Java v2. */
class FunctionUrlConfigIT extends NodeTest {
    private static final String URL_PATTERN = "http://127\\.0\\.0\\.1:\\d+/_lamina/url/[a-z0-9]{32}/";
    private static final String TIME_PATTERN = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

    private static void function(String name) {
        Functions.create(
                lambda, name, "python3.11", "app.handler", Functions.python("def handler(e, c):\n    return e\n"));
    }

    @Test
    void createGetUpdateDelete() throws Exception {
        function("url-crud");
        CreateFunctionUrlConfigResponse created = lambda.createFunctionUrlConfig(r -> r.functionName("url-crud")
                .authType(FunctionUrlAuthType.NONE)
                .cors(c -> c.allowOrigins("https://example.com")
                        .allowMethods("GET", "POST")
                        .allowHeaders("x-custom")
                        .exposeHeaders("x-exposed")
                        .maxAge(300)
                        .allowCredentials(true)));
        assertTrue(created.functionUrl().matches(URL_PATTERN), created.functionUrl());
        assertTrue(created.functionUrl().startsWith(node.endpoint() + "/"), created.functionUrl());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:url-crud", created.functionArn());
        assertEquals(FunctionUrlAuthType.NONE, created.authType());
        assertTrue(created.creationTime().matches(TIME_PATTERN), created.creationTime());
        Instant.parse(created.creationTime());
        assertNull(created.invokeMode(), "Lambda's create answer carries no InvokeMode");
        assertEquals(List.of("https://example.com"), created.cors().allowOrigins());
        assertEquals(List.of("GET", "POST"), created.cors().allowMethods());
        assertEquals(300, created.cors().maxAge());
        assertTrue(created.cors().allowCredentials());

        GetFunctionUrlConfigResponse got = lambda.getFunctionUrlConfig(r -> r.functionName("url-crud"));
        assertEquals(created.functionUrl(), got.functionUrl());
        assertEquals(created.creationTime(), got.creationTime());
        assertTrue(got.lastModifiedTime().matches(TIME_PATTERN), got.lastModifiedTime());
        assertEquals(InvokeMode.BUFFERED, got.invokeMode());
        assertEquals(List.of("x-custom"), got.cors().allowHeaders());
        assertEquals(List.of("x-exposed"), got.cors().exposeHeaders());
        // every way of naming the function finds it
        assertEquals(
                created.functionUrl(),
                lambda.getFunctionUrlConfig(r -> r.functionName(created.functionArn()))
                        .functionUrl());

        Thread.sleep(2);
        UpdateFunctionUrlConfigResponse updated = lambda.updateFunctionUrlConfig(r -> r.functionName("url-crud")
                .invokeMode(InvokeMode.RESPONSE_STREAM)
                .cors(Cors.builder().allowOrigins("*").build()));
        assertEquals(created.functionUrl(), updated.functionUrl(), "the URL id stays");
        assertEquals(FunctionUrlAuthType.NONE, updated.authType(), "what is not given stays");
        assertEquals(created.creationTime(), updated.creationTime());
        assertNotEquals(got.lastModifiedTime(), updated.lastModifiedTime());
        assertEquals(List.of("*"), updated.cors().allowOrigins());
        assertTrue(updated.cors().allowMethods().isEmpty(), "Cors is replaced whole");
        assertNull(updated.invokeMode(), "Lambda's update answer carries no InvokeMode");
        assertEquals(
                InvokeMode.RESPONSE_STREAM,
                lambda.getFunctionUrlConfig(r -> r.functionName("url-crud")).invokeMode());

        lambda.deleteFunctionUrlConfig(r -> r.functionName("url-crud"));
        ResourceNotFoundException gone = assertThrows(
                ResourceNotFoundException.class, () -> lambda.getFunctionUrlConfig(r -> r.functionName("url-crud")));
        assertEquals(
                "The resource you requested does not exist.",
                gone.awsErrorDetails().errorMessage());
        assertThrows(
                ResourceNotFoundException.class, () -> lambda.deleteFunctionUrlConfig(r -> r.functionName("url-crud")));

        String again = lambda.createFunctionUrlConfig(
                        r -> r.functionName("url-crud").authType(FunctionUrlAuthType.AWS_IAM))
                .functionUrl();
        assertNotEquals(created.functionUrl(), again, "a new URL gets a new id");
    }

    @Test
    void listPagesThroughTheSdkPaginator() {
        function("url-list");
        lambda.publishVersion(r -> r.functionName("url-list"));
        lambda.createAlias(r -> r.functionName("url-list").name("live").functionVersion("1"));
        lambda.createAlias(r -> r.functionName("url-list").name("blue").functionVersion("$LATEST"));
        lambda.createFunctionUrlConfig(r -> r.functionName("url-list").authType(FunctionUrlAuthType.NONE));
        lambda.createFunctionUrlConfig(
                r -> r.functionName("url-list").qualifier("live").authType(FunctionUrlAuthType.AWS_IAM));
        lambda.createFunctionUrlConfig(r -> r.functionName("url-list:blue").authType(FunctionUrlAuthType.NONE));

        var page = lambda.listFunctionUrlConfigs(r -> r.functionName("url-list").maxItems(2));
        assertEquals(2, page.functionUrlConfigs().size());
        assertTrue(page.nextMarker() != null && !page.nextMarker().isEmpty());
        var last = lambda.listFunctionUrlConfigs(
                r -> r.functionName("url-list").maxItems(2).marker(page.nextMarker()));
        assertEquals(1, last.functionUrlConfigs().size());
        assertNull(last.nextMarker());

        List<FunctionUrlConfig> all = lambda
                .listFunctionUrlConfigsPaginator(r -> r.functionName("url-list").maxItems(1))
                .functionUrlConfigs()
                .stream()
                .toList();
        assertEquals(
                Set.of(
                        "arn:aws:lambda:us-east-1:000000000000:function:url-list",
                        "arn:aws:lambda:us-east-1:000000000000:function:url-list:live",
                        "arn:aws:lambda:us-east-1:000000000000:function:url-list:blue"),
                all.stream().map(FunctionUrlConfig::functionArn).collect(Collectors.toSet()));
        Set<String> urls = all.stream().map(FunctionUrlConfig::functionUrl).collect(Collectors.toSet());
        assertEquals(3, urls.size(), "each qualifier has its own URL");
        for (FunctionUrlConfig c : all) {
            assertTrue(c.functionUrl().matches(URL_PATTERN));
            assertTrue(c.creationTime().matches(TIME_PATTERN));
            assertTrue(c.lastModifiedTime().matches(TIME_PATTERN));
            assertEquals(InvokeMode.BUFFERED, c.invokeMode());
            assertTrue(c.authType() == FunctionUrlAuthType.NONE || c.authType() == FunctionUrlAuthType.AWS_IAM);
        }
        assertEquals(
                FunctionUrlAuthType.AWS_IAM,
                lambda.getFunctionUrlConfig(r -> r.functionName("url-list").qualifier("live"))
                        .authType());
    }

    @Test
    void deletingTheFunctionDeletesItsUrls() {
        function("url-owner");
        lambda.createFunctionUrlConfig(r -> r.functionName("url-owner").authType(FunctionUrlAuthType.NONE));
        lambda.deleteFunction(r -> r.functionName("url-owner"));
        function("url-owner");
        assertThrows(
                ResourceNotFoundException.class, () -> lambda.getFunctionUrlConfig(r -> r.functionName("url-owner")));
        assertTrue(lambda.listFunctionUrlConfigs(r -> r.functionName("url-owner"))
                .functionUrlConfigs()
                .isEmpty());
    }

    @Test
    void urlsSurviveARestart() throws Exception {
        try (TestNode own = TestNode.start()) {
            LambdaClient client = own.lambda();
            Functions.create(
                    client,
                    "url-kept",
                    "python3.11",
                    "app.handler",
                    Functions.python("def handler(e, c):\n    return 1\n"));
            String url = client.createFunctionUrlConfig(
                            r -> r.functionName("url-kept").authType(FunctionUrlAuthType.NONE))
                    .functionUrl();
            own.restartNode();
            String after = own.lambda()
                    .getFunctionUrlConfig(r -> r.functionName("url-kept"))
                    .functionUrl();
            String id = url.substring(url.length() - 33);
            assertEquals(own.endpoint() + "/_lamina/url/" + id, after, "the same id on the node's new port");
        }
    }

    /** A breach of the API model's constraints: 400 ValidationException naming the member. */
    private static void assertValidation(LambdaException e, String mentions) {
        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains(mentions), e.getMessage());
    }

    @Test
    void aDeletedAliasTakesItsUrlWithIt() {
        function("url-alias-gone");
        lambda.createAlias(r -> r.functionName("url-alias-gone").name("live").functionVersion("$LATEST"));
        lambda.createFunctionUrlConfig(
                r -> r.functionName("url-alias-gone").qualifier("live").authType(FunctionUrlAuthType.NONE));
        lambda.createFunctionUrlConfig(r -> r.functionName("url-alias-gone").authType(FunctionUrlAuthType.NONE));
        lambda.deleteAlias(r -> r.functionName("url-alias-gone").name("live"));
        assertThrows(
                ResourceNotFoundException.class,
                () -> lambda.getFunctionUrlConfig(
                        r -> r.functionName("url-alias-gone").qualifier("live")));
        assertEquals(
                List.of("arn:aws:lambda:us-east-1:000000000000:function:url-alias-gone"),
                lambda.listFunctionUrlConfigs(r -> r.functionName("url-alias-gone")).functionUrlConfigs().stream()
                        .map(FunctionUrlConfig::functionArn)
                        .toList());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        function("url-bad");
        try (LambdaClient strict = node.lambdaNoRetry()) {
            ResourceNotFoundException noFunction = assertThrows(
                    ResourceNotFoundException.class,
                    () -> strict.createFunctionUrlConfig(
                            r -> r.functionName("url-nobody").authType(FunctionUrlAuthType.NONE)));
            assertEquals("Function does not exist", noFunction.awsErrorDetails().errorMessage());
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> strict.listFunctionUrlConfigs(r -> r.functionName("url-nobody")));
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> strict.updateFunctionUrlConfig(
                            r -> r.functionName("url-nobody").authType(FunctionUrlAuthType.NONE)));
            assertThrows(
                    ResourceNotFoundException.class,
                    () -> strict.updateFunctionUrlConfig(
                            r -> r.functionName("url-bad").authType(FunctionUrlAuthType.NONE)));

            LambdaException badAuth = assertThrows(
                    LambdaException.class,
                    () -> strict.createFunctionUrlConfig(
                            r -> r.functionName("url-bad").authType("OPEN")));
            assertValidation(badAuth, "[NONE, AWS_IAM]");
            assertValidation(
                    assertThrows(
                            LambdaException.class,
                            () -> strict.createFunctionUrlConfig(r -> r.functionName("url-bad")
                                    .authType(FunctionUrlAuthType.NONE)
                                    .invokeMode("FAST"))),
                    "'invokeMode'");
            for (String qualifier : List.of("1", "$LATEST")) {
                assertValidation(
                        assertThrows(
                                LambdaException.class,
                                () -> strict.createFunctionUrlConfig(r -> r.functionName("url-bad")
                                        .qualifier(qualifier)
                                        .authType(FunctionUrlAuthType.NONE))),
                        "'qualifier'");
            }
            assertValidation(
                    assertThrows(
                            LambdaException.class,
                            () -> strict.createFunctionUrlConfig(r -> r.functionName("url-bad")
                                    .authType(FunctionUrlAuthType.NONE)
                                    .cors(c -> c.maxAge(86401)))),
                    "'cors.maxAge'");
            assertValidation(
                    assertThrows(
                            LambdaException.class,
                            () -> strict.createFunctionUrlConfig(r -> r.functionName("url-bad")
                                    .authType(FunctionUrlAuthType.NONE)
                                    .cors(c ->
                                            c.allowMethods("GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "GET")))),
                    "'cors.allowMethods'");
            assertThrows(
                    InvalidParameterValueException.class,
                    () -> strict.createFunctionUrlConfig(r -> r.functionName("url-bad")
                            .authType(FunctionUrlAuthType.NONE)
                            .cors(c -> c.allowMethods("BREW"))));
            assertValidation(
                    assertThrows(
                            LambdaException.class,
                            () -> strict.listFunctionUrlConfigs(
                                    r -> r.functionName("url-bad").maxItems(51))),
                    "'maxItems'");
            assertTrue(
                    strict.listFunctionUrlConfigs(r -> r.functionName("url-bad"))
                            .functionUrlConfigs()
                            .isEmpty(),
                    "no refused request left a URL behind");

            strict.createFunctionUrlConfig(r -> r.functionName("url-bad").authType(FunctionUrlAuthType.NONE));
            ResourceConflictException twice = assertThrows(
                    ResourceConflictException.class,
                    () -> strict.createFunctionUrlConfig(
                            r -> r.functionName("url-bad").authType(FunctionUrlAuthType.AWS_IAM)));
            assertEquals(409, twice.statusCode());
            assertTrue(twice.getMessage().contains("FunctionUrlConfig exists"), twice.getMessage());
            assertEquals(
                    FunctionUrlAuthType.NONE,
                    strict.getFunctionUrlConfig(r -> r.functionName("url-bad")).authType());
            assertValidation(
                    assertThrows(
                            LambdaException.class,
                            () -> strict.updateFunctionUrlConfig(
                                    r -> r.functionName("url-bad").authType("OPEN"))),
                    "'authType'");
            assertFalse(strict.getFunctionUrlConfig(r -> r.functionName("url-bad"))
                    .authTypeAsString()
                    .equals("OPEN"));
        }
    }
}
