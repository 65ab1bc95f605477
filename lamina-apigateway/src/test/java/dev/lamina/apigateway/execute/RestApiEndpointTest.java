package dev.lamina.apigateway.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.apigateway.rest.RestApi;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.spi.lambda.EventInvocation;
import dev.lamina.spi.lambda.FunctionListener;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What a REST API's stage answers for each way its Lambda proxy integration can end, without a socket. */
class RestApiEndpointTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:f";

    /** A Lambda whose one function {@code f} answers with {@code answer}, if API Gateway may invoke it. */
    private record FakeLambda(boolean allowed, CompletableFuture<InvocationResult> answer) implements Lambda {
        @Override
        public CompletableFuture<InvocationResult> invoke(SyncInvocation invocation) {
            return answer;
        }

        @Override
        public String enqueue(EventInvocation invocation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<FunctionRef> lookup(String functionNameOrArn, String qualifier) {
            return functionNameOrArn.equals(ARN) ? Optional.of(new FunctionRef("f", null, ARN)) : Optional.empty();
        }

        @Override
        public boolean allowsInvoke(FunctionRef function, String principal, String sourceArn) {
            return allowed && principal.equals("apigateway.amazonaws.com");
        }

        @Override
        public AutoCloseable subscribe(FunctionListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    private static RestApi api(String function, int timeoutMillis) {
        String uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/" + function + "/invocations";
        RestApi.Method get = new RestApi.Method(
                "GET", "NONE", false, new RestApi.Integration("AWS_PROXY", "POST", uri, timeoutMillis));
        List<RestApi.Resource> resources = List.of(
                new RestApi.Resource("root", null, null, "/", Map.of()),
                new RestApi.Resource("r1", "root", "items", "/items", Map.of("GET", get)));
        return new RestApi(
                "abc",
                "shop",
                null,
                0,
                "root",
                resources,
                List.of(new RestApi.Deployment("d1", null, 0, resources)),
                List.of(new RestApi.Stage("prod", "d1", null, Map.of(), 0, 0)));
    }

    private static String answer(Lambda lambda, RestApi api, String path) {
        RestApiEndpoint endpoint = new RestApiEndpoint(
                lambda,
                "us-east-1",
                "000000000000",
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                new SplittableRandom(1));
        HttpResponse response = endpoint.handle(
                new HttpRequest("GET", path, null, Map.of(), Map.of(), new byte[0], "1.2.3.4"),
                api,
                path,
                "abc.execute-api.us-east-1.localhost");
        if (response.pending() != null) {
            response = response.pending().toCompletableFuture().join();
        }
        return response.status() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }

    private static CompletableFuture<InvocationResult> output(String payload, String error) {
        return CompletableFuture.completedFuture(
                new InvocationResult("id", "$LATEST", payload.getBytes(StandardCharsets.UTF_8), error));
    }

    @Test
    void eachEndOfTheIntegrationHasApiGatewaysAnswer() {
        RestApi api = api(ARN, 29_000);
        Lambda ok = new FakeLambda(true, output("{\"statusCode\":201,\"body\":\"made\"}", null));
        assertEquals("201 made", answer(ok, api, "/prod/items"));
        assertEquals("403 {\"message\":\"Missing Authentication Token\"}", answer(ok, api, "/prod/other"));
        assertEquals("403 {\"message\":\"Missing Authentication Token\"}", answer(ok, api, "/beta/items"));
        assertEquals("403 {\"message\":\"Missing Authentication Token\"}", answer(ok, api, "/prod"));
        assertEquals(
                "500 {\"message\":\"Internal server error\"}",
                answer(new FakeLambda(false, output("{}", null)), api, "/prod/items"),
                "no permission");
        assertEquals(
                "500 {\"message\":\"Internal server error\"}",
                answer(ok, api(ARN + "-gone", 29_000), "/prod/items"),
                "no function");
        assertEquals(
                "502 {\"message\":\"Internal server error\"}",
                answer(new FakeLambda(true, output("{\"errorMessage\":\"boom\"}", "Unhandled")), api, "/prod/items"),
                "a function error");
        assertEquals(
                "502 {\"message\":\"Internal server error\"}",
                answer(new FakeLambda(true, output("{\"body\":\"no status\"}", null)), api, "/prod/items"),
                "a malformed proxy response");
        assertEquals(
                "500 {\"message\":\"Internal server error\"}",
                answer(
                        new FakeLambda(
                                true,
                                CompletableFuture.failedFuture(
                                        new AwsException(429, "TooManyRequestsException", "Rate Exceeded."))),
                        api,
                        "/prod/items"),
                "Lambda's throttling");
        assertEquals(
                "504 {\"message\":\"Endpoint request timed out\"}",
                answer(new FakeLambda(true, new CompletableFuture<>()), api(ARN, 50), "/prod/items"),
                "no answer within the integration's timeout");
    }
}
