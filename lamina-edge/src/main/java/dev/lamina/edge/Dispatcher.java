package dev.lamina.edge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.protocol.DocumentProtocol;
import dev.lamina.edge.protocol.Protocol;
import dev.lamina.edge.protocol.RestJson;
import dev.lamina.edge.protocol.WireResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves one request, without knowing about sockets: finds its service ({@link ServiceTable}) and
 * operation, authenticates it for that service, performs the operation, and answers through the
 * {@link Exchange} with the operation's response or the error in the service's {@link Protocol}. A
 * request for no service gets rest-json's {@code UnknownOperationException}. Called on the event loop.
 * A non-blocking route with a body of at most {@link #LOOP_BODY_LIMIT} runs right there; every other
 * route, every {@code X-Amz-Target} operation and every response that streams runs on the
 * {@code blocking} executor (a virtual thread each). Thread-safe; keeps no per-request state.
 *
 * <p>A request signed with a role's temporary credentials is also authorized (decision 38): once its
 * route or operation is known and before it runs, the service names what it asks
 * ({@link AccessRules}) and the {@link AccessPolicy} decides; a refusal is the service's own
 * access-denied error. Requests signed with the node's keys are the operator's and not asked about.
 */
final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** Larger bodies are not hashed and parsed on the loop: a non-blocking route gets a virtual thread then. */
    static final int LOOP_BODY_LIMIT = 256 * 1024;

    private final ServiceTable services;
    private final Authenticator authenticator;
    private final Executor blocking;
    private final RequestIds requestIds;
    private final AccessPolicy policy;

    Dispatcher(ServiceTable services, Authenticator authenticator, Executor blocking, RequestIds requestIds) {
        this(services, authenticator, AccessPolicy.ALLOW_ALL, blocking, requestIds);
    }

    Dispatcher(
            ServiceTable services,
            Authenticator authenticator,
            AccessPolicy policy,
            Executor blocking,
            RequestIds requestIds) {
        this.services = services;
        this.authenticator = authenticator;
        this.policy = policy;
        this.blocking = blocking;
        this.requestIds = requestIds;
    }

    /** Serves {@code request}; the answer goes to {@code exchange}, now or later, from this thread or another. */
    void dispatch(HttpRequest request, Exchange exchange) {
        switch (services.find(request)) {
            case null -> answer(exchange, RestJson.PLAIN, error(RestJson.PLAIN, noService(request)));
            case EdgeService.RestApi api -> route(api, api.router(), request, exchange);
            case EdgeService.NodeEndpoint endpoint -> route(endpoint, endpoint.router(), request, exchange);
            case EdgeService.TargetApi api -> {
                DocumentProtocol protocol = api.protocol().forContentType(request.header("content-type"));
                blocking.execute(() -> run(exchange, protocol, () -> perform(api, protocol, request)));
            }
        }
    }

    /** Whether {@code head}'s route streams its body (see {@link ServiceTable#streams}). On the loop. */
    boolean streams(HttpRequest head) {
        return services.streams(head);
    }

    /**
     * The answer to a request the edge will not serve (too large, malformed), in the protocol of the
     * service it was for.
     *
     * @param head what is known of the request (no body), or {@code null} when nothing is
     */
    HttpResponse refusal(HttpRequest head, AwsException refusal) {
        EdgeService service = head == null ? null : services.find(head);
        Protocol protocol = switch (service) {
            case null -> RestJson.PLAIN;
            case EdgeService.TargetApi api -> api.protocol().forContentType(head.header("content-type"));
            default -> service.protocol();
        };
        return error(protocol, refusal);
    }

    private void route(EdgeService service, Router router, HttpRequest request, Exchange exchange) {
        Router.Match match = router.find(request);
        if (request.bodyStream() != null) {
            blocking.execute(() -> run(exchange, service.protocol(), () -> {
                if (match == null || !match.streaming()) {
                    throw Router.unknownOperation(request);
                }
                Authenticated signed = authenticateStreamed(service, match, request);
                return RequestPrincipal.callAs(signed.principal(), matchWithBody(match, signed.request())::handle);
            }));
            return;
        }
        if (match != null && match.nonBlocking() && request.body().length <= LOOP_BODY_LIMIT) {
            run(exchange, service.protocol(), () -> {
                String principal = authorize(service, authenticate(service, request), match);
                return RequestPrincipal.callAs(principal, match::handle);
            });
        } else {
            blocking.execute(() -> run(exchange, service.protocol(), () -> {
                String key = authenticate(service, request);
                if (match == null) {
                    throw Router.unknownOperation(request);
                }
                String principal = authorize(service, key, match);
                return RequestPrincipal.callAs(principal, match::handle);
            }));
        }
    }

    private HttpResponse perform(EdgeService.TargetApi api, DocumentProtocol protocol, HttpRequest request)
            throws Exception {
        String key = authenticate(api, request);
        if (!request.method().equals("POST")) {
            throw Router.unknownOperation(request);
        }
        String target = request.header("x-amz-target");
        String operation = api.operation(target);
        if (operation == null) {
            throw new AwsException(400, "UnknownOperationException", "No operation named by X-Amz-Target " + target);
        }
        JsonNode input = protocol.read(request.body());
        String principal = authenticator.principal(key);
        if (principal != null) {
            authorize(policy, api, principal, api.accessRules().ofOperation(operation, input));
        }
        JsonNode output =
                RequestPrincipal.callAs(principal, () -> api.operations().perform(operation, input, request));
        return http(protocol.write(output));
    }

    private static AwsException noService(HttpRequest request) {
        return new AwsException(404, "UnknownOperationException", "No service at " + request.rawPath());
    }

    /** A streamed request as its route gets it, and the principal it acts for ({@code null}: the operator). */
    private record Authenticated(HttpRequest request, String principal) {}

    /**
     * The route's body, as the authenticator hands it on: checked against what the request signed;
     * throws when the signer may not do what the route does.
     */
    private Authenticated authenticateStreamed(EdgeService service, Router.Match match, HttpRequest request) {
        Authenticator checking = service.signingName() == null ? Authenticator.NONE : authenticator;
        Authenticator.Streamed streamed =
                checking.authenticateStreamed(request, request.bodyStream(), service.signingName());
        String principal = service.signingName() == null ? null : authorize(service, streamed.accessKeyId(), match);
        return new Authenticated(request.withBodyStream(streamed.body()), principal);
    }

    private static Router.Match matchWithBody(Router.Match match, HttpRequest request) {
        return new Router.Match(match.handler(), match.params(), request, false, true);
    }

    /** The access key that signed the request, or {@code null} when nothing was checked. */
    private String authenticate(EdgeService service, HttpRequest request) {
        return service.signingName() == null
                ? null
                : authenticator.authenticate(request, service.signingName(), service.acceptsUnsignedPayload());
    }

    /**
     * Refuses a route's request whose signer, a role, may not do what the route does; returns the
     * principal it acts for, or {@code null} for the node's own keys.
     */
    private String authorize(EdgeService service, String accessKeyId, Router.Match match) {
        String principal = authenticator.principal(accessKeyId);
        if (principal != null) {
            authorize(policy, service, principal, service.accessRules().ofRoute(match.request(), match.params()));
        }
        return principal;
    }

    /** Refuses what {@code principal} may not do, in the service's own words. */
    static void authorize(AccessPolicy policy, EdgeService service, String principal, Access access) {
        AccessPolicy.Verdict verdict = policy.decide(principal, access);
        if (verdict != AccessPolicy.Verdict.ALLOWED) {
            throw service.accessRules().denied(principal, access, verdict == AccessPolicy.Verdict.DENIED_EXPLICITLY);
        }
    }

    @FunctionalInterface
    private interface Handling {
        HttpResponse handle() throws Exception;
    }

    private void run(Exchange exchange, Protocol protocol, Handling handling) {
        HttpResponse response;
        try {
            response = handling.handle();
        } catch (Exception e) {
            answer(exchange, protocol, failure(protocol, e));
            return;
        }
        if (response.pending() != null) {
            response.pending()
                    .whenComplete((later, e) -> answer(exchange, protocol, e == null ? later : failure(protocol, e)));
        } else if (response.streamed() != null) {
            blocking.execute(() -> stream(exchange, protocol, response.streamed()));
        } else {
            answer(exchange, protocol, response);
        }
    }

    private void answer(Exchange exchange, Protocol protocol, HttpResponse response) {
        try {
            exchange.send(response);
        } catch (RuntimeException e) {
            // e.g. a header value with a line break, from a function URL's response
            LOG.log(Level.FINE, "response could not be encoded", e);
            exchange.send(error(
                    protocol,
                    new AwsException(502, "ServiceException", "The response could not be sent: " + e.getMessage())));
        }
    }

    private HttpResponse failure(Protocol protocol, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AwsException aws) {
            return error(protocol, aws);
        }
        if (cause instanceof java.io.IOException && cause.getCause() instanceof AwsException aws) {
            // a streamed body that turned out not to be what was signed (see HttpRequest#bodyStream)
            return error(protocol, aws);
        }
        LOG.log(Level.WARNING, "request failed", cause);
        return error(protocol, AwsException.service("Internal error: " + cause.getMessage()));
    }

    private HttpResponse error(Protocol protocol, AwsException error) {
        return http(protocol.error(error, requestIds.next()));
    }

    private static HttpResponse http(WireResponse wire) {
        return new HttpResponse(wire.status(), wire.headers(), wire.body());
    }

    /** Runs a response that writes itself; an error before it opened the output is rendered as usual. */
    private void stream(Exchange exchange, Protocol protocol, StreamedBody body) {
        Exchange.Output output = exchange.stream();
        try {
            body.write(output);
        } catch (Exception e) {
            if (output.isOpen()) {
                LOG.log(Level.FINE, "streamed response failed after it started", e);
            } else {
                answer(exchange, protocol, failure(protocol, e));
                return;
            }
        }
        if (!output.isOpen()) {
            answer(exchange, protocol, HttpResponse.empty(204));
            return;
        }
        output.finish();
    }
}
