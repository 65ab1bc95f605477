package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.rest.ResourceMatch;
import dev.lamina.apigateway.rest.RestApi;
import dev.lamina.apigateway.rest.RestApis;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.InvocationTrigger;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Serves a REST API's stages, reached at the same URLs as HTTP APIs ({@link ExecuteApiEndpoint} hands
 * over a request whose id is a REST API's): the path's first segment names the stage, the rest is
 * matched against the resources of the stage's deployment ({@link ResourceMatch}), and the method's
 * Lambda proxy integration runs the function through {@link Lambda#invoke}, provided its policy lets
 * {@code apigateway.amazonaws.com} invoke it for this API.
 *
 * <p>Answers as API Gateway does for REST APIs: no such stage, resource or method 403
 * {@code Missing Authentication Token}; a function that is missing or may not be invoked (a
 * configuration error), or Lambda's throttling of it, 500 {@code Internal server error}; a function error or a malformed proxy
 * response (one without {@code statusCode}, say) 502 {@code Internal server error}; no answer within
 * the integration's timeout (at most 29 s) 504 {@code Endpoint request timed out}.
 *
 * <p>Runs on the edge's blocking route threads for the look-ups; the answer follows when the
 * invocation ends, without a thread waiting for it.
 */
final class RestApiEndpoint {
    private final Lambda lambda;
    private final String region;
    private final String account;
    private final Clock clock;
    private final RandomGenerator random;

    RestApiEndpoint(Lambda lambda, String region, String account, Clock clock, RandomGenerator random) {
        this.lambda = lambda;
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Serves {@code request} for {@code api}.
     *
     * @param rawPath the path after the API's id: the stage, then the resource's path, still encoded
     * @param domainName the host the API was addressed by
     */
    HttpResponse handle(HttpRequest request, RestApi api, String rawPath, String domainName) {
        int end = rawPath.indexOf('/', 1);
        String stageName = rawPath.substring(1, end < 0 ? rawPath.length() : end);
        String path = end < 0 ? "/" : rawPath.substring(end);
        RestApi.Stage stage = api.stage(stageName).orElse(null);
        RestApi.Deployment deployment =
                stage == null ? null : api.deployment(stage.deploymentId()).orElse(null);
        Optional<ResourceMatch> match = deployment == null
                ? Optional.empty()
                : ResourceMatch.find(deployment.resources(), request.method(), path);
        if (match.isEmpty() || match.get().method().integration() == null) {
            return ExecuteApiEndpoint.message(403, "Missing Authentication Token");
        }
        RestApi.Integration integration = match.get().method().integration();
        String functionArn = RestApis.functionArn(integration.uri());
        Optional<FunctionRef> function = functionArn == null ? Optional.empty() : lambda.lookup(functionArn, null);
        String sourceArn = "arn:aws:execute-api:" + region + ":" + account + ":" + api.id() + "/" + stageName + "/"
                + request.method() + path;
        if (function.isEmpty() || !lambda.allowsInvoke(function.get(), ExecuteApiEndpoint.PRINCIPAL, sourceArn)) {
            return ExecuteApiEndpoint.message(500, "Internal server error");
        }
        RestApi.Resource resource = match.get().resource();
        ProxyEvent.Context context = new ProxyEvent.Context(
                account,
                api.id(),
                domainName,
                stageName,
                resource.path(),
                rawPath,
                match.get().pathParameters(),
                stage.variables(),
                new UUID(random.nextLong(), random.nextLong()).toString(),
                clock.instant());
        ObjectNode event = ProxyEventV1.node(
                request, context, new ProxyEventV1.Resource(null, resource.id(), resource.path(), path, rawPath));
        byte[] payload = event.toString().getBytes(StandardCharsets.UTF_8);
        CompletableFuture<HttpResponse> answer = lambda.invoke(
                        new SyncInvocation(function.get().functionArn(), null, payload, null, InvocationTrigger.HTTP))
                .orTimeout(integration.timeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> error == null ? answer(result) : failure(error));
        return HttpResponse.later(answer);
    }

    /** The function's answer as a Lambda proxy response, 502 when it failed or broke the rules. */
    static HttpResponse answer(InvocationResult result) {
        if (result.failed()) {
            return ExecuteApiEndpoint.message(502, "Internal server error");
        }
        try {
            ProxyResponse response = ProxyResponse.v1(result.payload());
            return new HttpResponse(response.status(), response.headers(), response.body(), response.cookies(), null);
        } catch (ProxyResponse.Malformed e) {
            return ExecuteApiEndpoint.message(502, "Internal server error");
        }
    }

    private static HttpResponse failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return ExecuteApiEndpoint.message(504, "Endpoint request timed out");
        }
        return ExecuteApiEndpoint.message(500, "Internal server error"); // Lambda's throttling too, as on AWS
    }
}
