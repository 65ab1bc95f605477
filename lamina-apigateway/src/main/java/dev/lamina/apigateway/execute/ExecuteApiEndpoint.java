package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.http.Apis;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.apigateway.rest.RestApi;
import dev.lamina.apigateway.rest.RestApis;
import dev.lamina.apigateway.route.RouteKey;
import dev.lamina.apigateway.route.RouteMatch;
import dev.lamina.core.AwsException;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.spi.lambda.FunctionRef;
import dev.lamina.spi.lambda.InvocationResult;
import dev.lamina.spi.lambda.InvocationTrigger;
import dev.lamina.spi.lambda.Lambda;
import dev.lamina.spi.lambda.SyncInvocation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Serves HTTP APIs on the node's port, at the URL CreateApi returned: by default a path on the node's
 * address, {@code /_lamina/execute-api/<api-id>/<path>} (what every client reaches as returned, see
 * {@link PublicUrls}); by Host {@code <api-id>.execute-api.…}; or as the node's {@code --public-url}
 * template for {@code execute-api} names it.
 *
 * <p>A REST API's id in the same place reaches its stages instead (see {@link RestApiEndpoint}).
 *
 * <p>A request takes the route {@link RouteMatch} chooses, and its integration runs the function
 * through {@link Lambda#invoke} (synchronously, as API Gateway does), provided the function's policy
 * lets {@code apigateway.amazonaws.com} invoke it for this API. Failures answer as API Gateway does:
 * no route 404 {@code Not Found} (a stage without auto-deploy has the routes of its deployment, see
 * {@link HttpApi#servedBy}); over the stage's throttling limits for the route 429
 * {@code Too Many Requests}; no permission, a function error or a malformed answer 500
 * {@code Internal Server Error}; throttled 503 {@code Service Unavailable}; no answer within the
 * integration's timeout 504 {@code Endpoint request timed out}.
 *
 * <p>Runs on the edge's blocking route threads for the look-ups; the answer follows when the
 * invocation ends, without a thread waiting for it.
 */
public final class ExecuteApiEndpoint {
    /** HTTP APIs among the node's endpoints: their Host label and reserved path. */
    public static final PublicUrls.Endpoint ENDPOINT = new PublicUrls.Endpoint("execute-api", "/_lamina/execute-api");

    static final String PRINCIPAL = "apigateway.amazonaws.com";
    /** How long API Gateway waits for a Lambda authorizer. */
    static final int AUTHORIZER_TIMEOUT_MILLIS = 10_000;

    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";

    private final Apis apis;
    private final RestApis restApis;
    private final RestApiEndpoint restEndpoint;
    private final PublicUrls publicUrls;
    private final Lambda lambda;
    private final String region;
    private final String account;
    private final Clock clock;
    private final RandomGenerator random;
    private final LambdaAuthorizers authorizers;
    private final JwtAuthorizers jwtAuthorizers = new JwtAuthorizers();
    private final Throttles throttles;

    public ExecuteApiEndpoint(
            Apis apis,
            RestApis restApis,
            PublicUrls publicUrls,
            Lambda lambda,
            String region,
            String account,
            Clock clock,
            RandomGenerator random) {
        this.apis = apis;
        this.restApis = restApis;
        this.restEndpoint = new RestApiEndpoint(lambda, region, account, clock, random);
        this.publicUrls = publicUrls;
        this.lambda = lambda;
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.random = random;
        this.authorizers = new LambdaAuthorizers(clock);
        this.throttles = new Throttles(clock);
        apis.onRemoval(throttles::removed);
    }

    /** The endpoint on the edge, found by Host label, public domain or path before any AWS API. */
    public EdgeService service() {
        Set<String> paths = new HashSet<>(publicUrls.paths(ENDPOINT));
        paths.add(ENDPOINT.reservedPath());
        return new EdgeService.NodeEndpoint(
                "execute-api",
                RestJson.PLAIN,
                Set.of(ENDPOINT.hostLabel()),
                paths,
                publicUrls.hostDomains(ENDPOINT),
                new Router().fallback((r, p) -> handle(r)));
    }

    HttpResponse handle(HttpRequest request) {
        PublicUrls.Addressed addressed = publicUrls.find(ENDPOINT, request.header("host"), request.rawPath());
        HttpApi api = addressed == null ? null : apis.find(addressed.id());
        RestApi restApi = addressed == null || api != null ? null : restApis.find(addressed.id());
        if (restApi != null) {
            return restEndpoint.handle(request, restApi, addressed.rawPath(), domainName(addressed, restApi.id()));
        }
        Staged staged = api == null ? null : Staged.of(api, addressed.rawPath());
        if (staged == null) {
            return message(404, "Not Found");
        }
        String origin = request.header("origin");
        if (CorsRules.isPreflight(
                api.cors(), request.method(), origin, request.header("access-control-request-method"))) {
            return new HttpResponse(204, CorsRules.preflight(api.cors(), origin), new byte[0]);
        }
        HttpResponse response = route(request, api.servedBy(staged.stage()), addressed, staged);
        return api.cors() == null ? response : withCors(response, api.cors(), origin);
    }

    /** Serves {@code request} with the routes {@code api} has as its stage serves it (see {@link HttpApi#servedBy}). */
    private HttpResponse route(HttpRequest request, HttpApi api, PublicUrls.Addressed addressed, Staged staged) {
        List<RouteKey> keys =
                api.routes().stream().map(r -> RouteKey.parse(r.routeKey())).toList();
        Optional<RouteMatch> match = RouteMatch.find(keys, request.method(), staged.path());
        if (match.isEmpty()) {
            return message(404, "Not Found");
        }
        String routeKey = match.get().route().text();
        if (!throttles.admit(api.apiId(), staged.stage(), routeKey)) {
            return message(429, "Too Many Requests");
        }
        HttpApi.Route route = api.routes().stream()
                .filter(r -> r.routeKey().equals(routeKey))
                .findFirst()
                .orElseThrow();
        Optional<HttpApi.Integration> integration = api.integrationOf(route);
        if (integration.isEmpty()) {
            return message(404, "Not Found");
        }
        Optional<FunctionRef> function = lambda.lookup(integration.get().uri(), null);
        String sourceArn = "arn:aws:execute-api:" + region + ":" + account + ":" + api.apiId() + "/"
                + staged.stage().name() + "/" + request.method() + staged.path();
        if (function.isEmpty() || !lambda.allowsInvoke(function.get(), PRINCIPAL, sourceArn)) {
            return message(500, "Internal Server Error");
        }
        String domain = domainName(addressed, api.apiId());
        ProxyEvent.Context context = new ProxyEvent.Context(
                account,
                api.apiId(),
                domain,
                staged.stage().name(),
                routeKey,
                addressed.rawPath(),
                match.get().pathParameters(),
                staged.stage().variables(),
                requestId(),
                clock.instant());
        boolean v1 = integration.get().payloadFormatVersion().equals("1.0");
        ObjectNode event = v1 ? ProxyEventV1.node(request, context) : ProxyEvent.v2Node(request, context);
        if (route.authorizationType().equals("NONE")) {
            return HttpResponse.later(invoke(function.get(), event, integration.get(), v1));
        }
        HttpApi.Authorizer authorizer = api.authorizer(route.authorizerId()).orElse(null);
        List<String> identity = authorizer == null
                ? null
                : LambdaAuthorizers.identity(
                        authorizer,
                        request,
                        staged.stage().variables(),
                        Map.of(
                                "apiId", api.apiId(),
                                "stage", staged.stage().name(),
                                "routeKey", routeKey,
                                "requestId", context.requestId()));
        if (identity == null) {
            return message(401, "Unauthorized");
        }
        if (authorizer.type().equals("JWT")) {
            try {
                JwtAuthorizers.Verified verified =
                        jwtAuthorizers.verify(authorizer, identity.getFirst(), route.authorizationScopes());
                ((ObjectNode) event.get("requestContext")).set("authorizer", JwtAuthorizers.context(verified, v1));
            } catch (JwtAuthorizers.Refused e) {
                return message(e.status, e.status == 403 ? "Forbidden" : "Unauthorized");
            }
            return HttpResponse.later(invoke(function.get(), event, integration.get(), v1));
        }
        return HttpResponse.later(authorize(api, authorizer, request, context, sourceArn, identity)
                .thenCompose(decision -> {
                    if (!decision.allowed()) {
                        return CompletableFuture.completedFuture(message(403, "Forbidden"));
                    }
                    ((ObjectNode) event.get("requestContext")).set("authorizer", authorizerContext(decision, v1));
                    return invoke(function.get(), event, integration.get(), v1);
                })
                .exceptionally(error -> message(500, "Internal Server Error")));
    }

    /** The host a request addressed its API by, or the name it would have under the node's domain. */
    private String domainName(PublicUrls.Addressed addressed, String apiId) {
        return addressed.domainName() != null
                ? addressed.domainName()
                : apiId + "." + ENDPOINT.hostLabel() + "." + region + ".localhost";
    }

    private CompletableFuture<HttpResponse> invoke(
            FunctionRef function, ObjectNode event, HttpApi.Integration integration, boolean v1) {
        byte[] payload = event.toString().getBytes(StandardCharsets.UTF_8);
        return lambda.invoke(new SyncInvocation(function.functionArn(), null, payload, null, InvocationTrigger.HTTP))
                .orTimeout(integration.timeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((result, error) -> error == null ? answer(result, v1) : failure(error));
    }

    /**
     * The authorizer's decision for this request: kept from an earlier call with the same identity, or
     * from a call of its function, which API Gateway may make only with the function's permission.
     * Fails (the caller answers 500) when it may not, when the function fails or times out, or when its
     * answer is malformed.
     */
    private CompletableFuture<LambdaAuthorizers.Decision> authorize(
            HttpApi api,
            HttpApi.Authorizer authorizer,
            HttpRequest request,
            ProxyEvent.Context context,
            String routeArn,
            List<String> identity) {
        LambdaAuthorizers.Answer kept = authorizers.kept(api, authorizer, identity);
        if (kept != null) {
            return CompletableFuture.completedFuture(kept.decide(routeArn));
        }
        Optional<FunctionRef> function = lambda.lookup(authorizer.functionArn(), null);
        String sourceArn = "arn:aws:execute-api:" + region + ":" + account + ":" + api.apiId() + "/authorizers/"
                + authorizer.authorizerId();
        if (function.isEmpty() || !lambda.allowsInvoke(function.get(), PRINCIPAL, sourceArn)) {
            return CompletableFuture.failedFuture(new IllegalStateException("the authorizer may not be invoked"));
        }
        byte[] event = LambdaAuthorizers.event(authorizer, request, context, routeArn, identity);
        return lambda.invoke(
                        new SyncInvocation(function.get().functionArn(), null, event, null, InvocationTrigger.HTTP))
                .orTimeout(AUTHORIZER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .thenApply(result -> {
                    if (result.failed()) {
                        throw new IllegalStateException("the authorizer failed");
                    }
                    try {
                        LambdaAuthorizers.Answer answer = LambdaAuthorizers.answer(authorizer, result.payload());
                        authorizers.keep(api, authorizer, identity, answer);
                        return answer.decide(routeArn);
                    } catch (LambdaAuthorizers.Malformed e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
    }

    /** What the integration's event says of the authorizer: {@code lambda} in 2.0, its fields in 1.0. */
    private static ObjectNode authorizerContext(LambdaAuthorizers.Decision decision, boolean v1) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode context = decision.context() == null ? JsonNodeFactory.instance.objectNode() : decision.context();
        if (!v1) {
            out.set("lambda", context);
            return out;
        }
        if (decision.principalId() != null) {
            out.put("principalId", decision.principalId());
        }
        out.setAll(context);
        return out;
    }

    /** {@code response} (or what it will complete with) with the API's CORS headers in place of the function's. */
    private static HttpResponse withCors(HttpResponse response, HttpApi.Cors cors, String origin) {
        if (response.pending() != null) {
            return HttpResponse.later(response.pending().thenApply(r -> withCors(r, cors, origin)));
        }
        return new HttpResponse(
                response.status(),
                CorsRules.answer(cors, origin, response.headers()),
                response.body(),
                response.setCookies(),
                response.streamed());
    }

    /**
     * The stage a request's path addresses and the path its routes see: a named stage by the path's
     * first segment ({@code /prod/items} is {@code /items} of {@code prod}), else {@code $default} with
     * the whole path; {@code null} when neither exists. The event's {@code rawPath} keeps the stage,
     * as API Gateway's does.
     */
    record Staged(HttpApi.Stage stage, String path) {
        static Staged of(HttpApi api, String rawPath) {
            int end = rawPath.indexOf('/', 1);
            String first = rawPath.substring(1, end < 0 ? rawPath.length() : end);
            HttpApi.Stage fallback = null;
            for (HttpApi.Stage stage : api.stages()) {
                if (stage.name().equals("$default")) {
                    fallback = stage;
                } else if (stage.name().equals(first)) {
                    return new Staged(stage, end < 0 ? "/" : rawPath.substring(end));
                }
            }
            return fallback == null ? null : new Staged(fallback, rawPath);
        }
    }

    private static HttpResponse answer(InvocationResult result, boolean v1) {
        if (result.failed()) {
            return message(500, "Internal Server Error");
        }
        try {
            ProxyResponse response = v1 ? ProxyResponse.v1(result.payload()) : ProxyResponse.v2(result.payload());
            return new HttpResponse(response.status(), response.headers(), response.body(), response.cookies(), null);
        } catch (ProxyResponse.Malformed e) {
            return message(500, "Internal Server Error");
        }
    }

    private static HttpResponse failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return message(504, "Endpoint request timed out");
        }
        if (cause instanceof AwsException aws && aws.status() == 429) {
            return message(503, "Service Unavailable");
        }
        return message(500, "Internal Server Error");
    }

    /** An id in the form of API Gateway's ({@code LV7fzho-PHcEJPw=}). */
    private String requestId() {
        StringBuilder out = new StringBuilder(16);
        for (int i = 0; i < 15; i++) {
            out.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return out.append('=').toString();
    }

    static HttpResponse message(int status, String message) {
        return HttpResponse.json(status, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
