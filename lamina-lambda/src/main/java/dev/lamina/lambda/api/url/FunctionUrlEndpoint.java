package dev.lamina.lambda.api.url;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Authenticator;
import dev.lamina.edge.EdgeService;
import dev.lamina.edge.HttpOutput;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.PublicUrls;
import dev.lamina.edge.Router;
import dev.lamina.lambda.api.LambdaProtocol;
import dev.lamina.lambda.invoke.CallerTrace;
import dev.lamina.lambda.invoke.InvokeRequest;
import dev.lamina.lambda.invoke.InvokeResponse;
import dev.lamina.lambda.invoke.Invoker;
import dev.lamina.lambda.url.FunctionUrlConfig;
import dev.lamina.lambda.url.FunctionUrls;
import dev.lamina.spi.lambda.InvocationTrigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves function URLs on the edge port. A request names its URL in any form {@link PublicUrls}
 * knows:
 *
 * <ul>
 *   <li>by a path prefix that works with a bare address, {@code /_lamina/url/<url-id>/<path>} (the
 *       {@code FunctionUrl} Lamina returns by default); the function sees {@code /<path>};
 *   <li>by its Host, {@code <url-id>.lambda-url.<region>.localhost[:port]} or any host whose first
 *       label is the URL id followed by {@code .lambda-url.} (curl and browsers reach
 *       {@code *.localhost} without DNS);
 *   <li>by what the node's {@code --public-url} template names: a Host {@code <url-id>.<domain>} or
 *       a path {@code <prefix>/<url-id>/<path>}.
 * </ul>
 *
 * A request to an AWS_IAM URL must be signed with SigV4 for the service {@code lambda} with the
 * node's key (the node's own verifier checks it), or it gets 403; a CORS preflight needs no
 * signature. Each request becomes one synchronous invocation through the {@link Invoker} (the same limits,
 * environments and logs as Invoke) with the payload 2.0 event, and the function's answer becomes
 * the HTTP response by Lambda's rules. Never blocks: runs on the edge's event loop and reads only
 * memory; the response follows when the invocation ends.
 */
public final class FunctionUrlEndpoint {
    /** Function URLs among the node's endpoints: the Host label and the reserved path they live under. */
    public static final PublicUrls.Endpoint ENDPOINT = new PublicUrls.Endpoint("lambda-url", "/_lamina/url");

    private static final int ID_LENGTH = 32;

    private final FunctionUrls urls;
    private final PublicUrls publicUrls;
    private final Invoker invoker;
    private final Authenticator authenticator;
    private final String region;
    private final Clock clock;
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

    /** A URL's configuration with what serving it needs computed once. */
    private record Prepared(FunctionUrlConfig config, CorsPolicy cors) {}

    /** Which URL a request is for, and the path the function sees. */
    private record Target(String urlId, String rawPath, String domainName) {}

    /**
     * @param publicUrls the forms of address the node serves function URLs at
     * @param authenticator checks the SigV4 signature (service {@code lambda}) of requests to AWS_IAM
     *     URLs; {@link Authenticator#NONE} when the node runs without authentication
     */
    public FunctionUrlEndpoint(
            FunctionUrls urls,
            PublicUrls publicUrls,
            Invoker invoker,
            Authenticator authenticator,
            String region,
            Clock clock) {
        this.urls = urls;
        this.publicUrls = publicUrls;
        this.invoker = invoker;
        this.authenticator = authenticator;
        this.region = region;
        this.clock = clock;
    }

    /**
     * Function URLs on the edge, by Host label, public domain or path, before any AWS API; they check
     * signatures themselves.
     */
    public EdgeService service() {
        Set<String> paths = new HashSet<>(publicUrls.paths(ENDPOINT));
        paths.add(ENDPOINT.reservedPath());
        return new EdgeService.NodeEndpoint(
                "lambda-url",
                LambdaProtocol.REST_JSON,
                Set.of(ENDPOINT.hostLabel()),
                paths,
                publicUrls.hostDomains(ENDPOINT),
                new Router().fallbackNonBlocking((r, p) -> handle(r)));
    }

    HttpResponse handle(HttpRequest request) {
        Target target = target(request);
        FunctionUrlConfig config = target == null ? null : urls.byId(target.urlId());
        if (config == null) {
            if (target != null) {
                prepared.remove(target.urlId()); // a deleted URL's
            }
            return message(403, "Forbidden");
        }
        Prepared url = prepare(config);
        if (url.cors() != null && CorsPolicy.isPreflight(request)) {
            // before authentication: browsers send preflights without credentials
            return new HttpResponse(200, url.cors().preflight(request), new byte[0]);
        }
        String caller = null;
        if (config.authType() == FunctionUrlConfig.AuthType.AWS_IAM) {
            try {
                caller = authenticator.authenticate(request, "lambda");
            } catch (AwsException e) {
                return message(403, "Forbidden");
            }
        }
        String requestId = invoker.ids().requestId();
        byte[] event = UrlEvent.of(
                request,
                new UrlEvent.Context(
                        target.urlId(),
                        target.domainName(),
                        target.rawPath(),
                        requestId,
                        clock.instant(),
                        caller,
                        urls.arns().account()));
        InvokeRequest invoke = new InvokeRequest(
                config.functionName(),
                config.qualifier(),
                InvokeRequest.InvocationType.RequestResponse,
                false,
                null,
                event,
                requestId,
                CallerTrace.fromHeaders(request.header("traceparent"), request.header("x-amzn-trace-id")),
                InvocationTrigger.HTTP);
        String origin = request.header("origin");
        if (config.invokeMode() == FunctionUrlConfig.InvokeMode.RESPONSE_STREAM) {
            return HttpResponse.streamed(output -> stream(invoke, url, origin, output));
        }
        return HttpResponse.later(invoker.invokeAsync(invoke).handle((response, e) -> {
            if (e == null) {
                return buffered(response, url, origin);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AwsException aws) {
                return failure(aws);
            }
            throw new CompletionException(cause);
        }));
    }

    /**
     * A RESPONSE_STREAM URL: what the function streams reaches the caller as it comes. A function
     * that answers at once is answered as a buffered one; one that fails before its response
     * began gets the 502, after that the caller sees the body end there.
     */
    private void stream(InvokeRequest invoke, Prepared url, String origin, HttpOutput output)
            throws IOException, InterruptedException {
        UrlStream stream = new UrlStream(output, url.cors(), origin);
        HttpResponse answer;
        try {
            InvokeResponse response = invoker.invokeWithResponseStream(invoke, stream::open);
            if (output.isOpen()) {
                return;
            }
            answer = stream.began()
                    ? message(502, "Internal Server Error", response.requestId())
                    : buffered(response, url, origin);
        } catch (AwsException e) {
            answer = failure(e);
        }
        output.open(answer.status(), answer.headers(), answer.setCookies()).write(answer.body());
    }

    /** The function's buffered answer as HTTP; a function error or a malformed answer is Lambda's 502. */
    private static HttpResponse buffered(InvokeResponse response, Prepared url, String origin) {
        if (response.functionError() != null) {
            return message(502, "Internal Server Error", response.requestId());
        }
        UrlResponse mapped;
        try {
            mapped = UrlResponse.of(response.body());
        } catch (UrlResponse.Malformed e) {
            return message(502, "Internal Server Error", response.requestId());
        }
        Map<String, String> headers = new LinkedHashMap<>(mapped.headers());
        if (url.cors() != null) {
            url.cors().apply(headers, origin);
        }
        headers.put("x-amzn-RequestId", response.requestId());
        return new HttpResponse(mapped.status(), headers, mapped.body(), mapped.cookies(), null);
    }

    /** An error of the invoke path (throttled, too large, not found) in the URL's own error shape. */
    private static HttpResponse failure(AwsException e) {
        if (e.status() >= 500) {
            return message(502, "Internal Server Error");
        }
        return message(e.status(), e.status() == 429 ? "Rate Exceeded." : e.getMessage());
    }

    static HttpResponse message(int status, String message) {
        return message(status, message, null);
    }

    private static HttpResponse message(int status, String message, String requestId) {
        byte[] body = ("{\"Message\":\""
                        + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = requestId == null
                ? UrlResponse.JSON_TYPE
                : Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId);
        return new HttpResponse(status, headers, body, List.of(), null);
    }

    private Prepared prepare(FunctionUrlConfig config) {
        Prepared p = prepared.get(config.urlId());
        if (p == null || p.config() != config) {
            p = new Prepared(config, CorsPolicy.of(config.cors()));
            prepared.put(config.urlId(), p);
        }
        return p;
    }

    private Target target(HttpRequest request) {
        PublicUrls.Addressed addressed = publicUrls.find(ENDPOINT, request.header("host"), request.rawPath());
        if (addressed == null || addressed.id().length() != ID_LENGTH || !isUrlId(addressed.id())) {
            return null;
        }
        String id = addressed.id();
        String domain = addressed.domainName() != null
                ? addressed.domainName()
                : id + "." + ENDPOINT.hostLabel() + "." + region + ".localhost";
        return new Target(id, addressed.rawPath(), domain);
    }

    private static boolean isUrlId(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }
}
