package dev.lamina.apigateway.http;

import dev.lamina.apigateway.route.RouteKey;
import dev.lamina.core.AwsException;
import java.util.List;

/**
 * The routes of the node's HTTP APIs, the integrations they target and the authorizers they use,
 * changed through {@link Apis} (one change of an API at a time, committed before it is served).
 * Thread-safe.
 */
public final class ApiRoutes {
    private final Apis apis;

    public ApiRoutes(Apis apis) {
        this.apis = apis;
    }

    /**
     * A route's key, target and authorization, as CreateRoute and UpdateRoute give them; in an update
     * each {@code null} keeps what the route has.
     *
     * @param target {@code integrations/<id>} of one of the API's integrations
     * @param authorizationType {@code NONE}, {@code CUSTOM} or {@code JWT}
     * @param authorizerId one of the API's authorizers of that type
     * @param authorizationScopes for {@code JWT}, the scopes of which a token needs one; {@code null} to keep
     */
    public record RouteSpec(
            String routeKey,
            String target,
            String authorizationType,
            String authorizerId,
            List<String> authorizationScopes) {}

    /**
     * Adds a route to an API.
     *
     * @throws AwsException BadRequestException for a malformed key, an unknown target or authorizer,
     *     ConflictException when the API has a route with that key
     */
    public HttpApi.Route createRoute(String apiId, RouteSpec spec) {
        if (spec.routeKey() == null) {
            throw Apis.badRequest("RouteKey is required.");
        }
        HttpApi.Route route = new HttpApi.Route(
                apis.id(7),
                spec.routeKey(),
                spec.target(),
                spec.authorizationType(),
                spec.authorizerId(),
                spec.authorizationScopes());
        apis.change(
                apiId,
                api -> api.with(Apis.plus(api.routes(), checked(api, route, null)), api.integrations(), api.stages()));
        return route;
    }

    /**
     * Changes a route's key, target or authorization.
     *
     * @throws AwsException NotFoundException when the API or the route is not there, else as
     *     {@link #createRoute}; nothing changes then
     */
    public HttpApi.Route updateRoute(String apiId, String routeId, RouteSpec spec) {
        HttpApi changed = apis.change(apiId, api -> {
            HttpApi.Route old = Apis.one(api.routes(), r -> r.routeId().equals(routeId), "Route", routeId);
            String type = spec.authorizationType() != null ? spec.authorizationType() : old.authorizationType();
            boolean open = type.equals("NONE");
            HttpApi.Route route = new HttpApi.Route(
                    routeId,
                    spec.routeKey() != null ? spec.routeKey() : old.routeKey(),
                    spec.target() != null ? spec.target() : old.target(),
                    type,
                    open ? null : spec.authorizerId() != null ? spec.authorizerId() : old.authorizerId(),
                    open
                            ? List.of()
                            : spec.authorizationScopes() != null
                                    ? spec.authorizationScopes()
                                    : old.authorizationScopes());
            List<HttpApi.Route> routes = api.routes().stream()
                    .map(r -> r.routeId().equals(routeId) ? checked(api, route, routeId) : r)
                    .toList();
            return api.with(routes, api.integrations(), api.stages());
        });
        return route(changed, routeId);
    }

    /** {@code route} if it may join {@code api} (in place of the route {@code replacing}, if given). */
    private static HttpApi.Route checked(HttpApi api, HttpApi.Route route, String replacing) {
        RouteKey.parse(route.routeKey());
        if (route.target() != null && api.integrationOf(route).isEmpty()) {
            throw Apis.badRequest(
                    "Invalid target " + route.target() + ": it is integrations/<an integration of this API>.");
        }
        switch (route.authorizationType()) {
            case "NONE" -> {}
            case "CUSTOM", "JWT" -> {
                String type = route.authorizationType().equals("CUSTOM") ? "REQUEST" : "JWT";
                boolean known = route.authorizerId() != null
                        && api.authorizer(route.authorizerId())
                                .filter(a -> a.type().equals(type))
                                .isPresent();
                if (!known) {
                    throw Apis.badRequest("Invalid authorizer " + route.authorizerId() + " for a "
                            + route.authorizationType() + " route: it is the id of one of this API's " + type
                            + " authorizers.");
                }
            }
            default ->
                throw Apis.badRequest("Unsupported authorization type " + route.authorizationType()
                        + "; this node runs NONE, CUSTOM (Lambda authorizers) and JWT.");
        }
        boolean taken = api.routes().stream()
                .anyMatch(r ->
                        r.routeKey().equals(route.routeKey()) && !r.routeId().equals(replacing));
        if (taken) {
            throw new AwsException(
                    409, "ConflictException", "Route with key " + route.routeKey() + " already exists for this API");
        }
        return route;
    }

    /**
     * Adds an authorizer to an API: a Lambda (REQUEST) authorizer or a JWT authorizer.
     *
     * @throws AwsException BadRequestException for what {@link AuthorizerSpec#authorizer} refuses
     */
    public HttpApi.Authorizer createAuthorizer(String apiId, AuthorizerSpec spec) {
        HttpApi.Authorizer authorizer = spec.authorizer(apis.id(6));
        apis.change(apiId, api -> api.withAuthorizers(Apis.plus(api.authorizers(), authorizer)));
        return authorizer;
    }

    /** @throws AwsException NotFoundException when the API or the authorizer is not there */
    public HttpApi.Authorizer authorizer(String apiId, String authorizerId) {
        return Apis.one(
                apis.get(apiId).authorizers(), a -> a.authorizerId().equals(authorizerId), "Authorizer", authorizerId);
    }

    /**
     * @throws AwsException NotFoundException when the API or the authorizer is not there,
     *     ConflictException while a route uses it
     */
    public void deleteAuthorizer(String apiId, String authorizerId) {
        apis.change(apiId, api -> {
            Apis.one(api.authorizers(), a -> a.authorizerId().equals(authorizerId), "Authorizer", authorizerId);
            if (api.routes().stream().anyMatch(r -> authorizerId.equals(r.authorizerId()))) {
                throw new AwsException(
                        409, "ConflictException", "Cannot delete authorizer " + authorizerId + ": routes use it");
            }
            return api.withAuthorizers(api.authorizers().stream()
                    .filter(a -> !a.authorizerId().equals(authorizerId))
                    .toList());
        });
    }

    /** @throws AwsException NotFoundException when the API or the route is not there */
    public void deleteRoute(String apiId, String routeId) {
        apis.change(apiId, api -> {
            List<HttpApi.Route> routes = api.routes().stream()
                    .filter(r -> !r.routeId().equals(routeId))
                    .toList();
            if (routes.size() == api.routes().size()) {
                throw Apis.notFound("Route", "Invalid Route identifier specified " + routeId);
            }
            return api.with(routes, api.integrations(), api.stages());
        });
    }

    /**
     * Adds an AWS_PROXY integration with a Lambda function (its ARN, or a version's or alias's).
     *
     * @param payloadFormatVersion {@code 2.0} or {@code 1.0}; {@code null} for 2.0
     * @param timeoutMillis 50 to 30,000; {@code null} for 30,000
     * @throws AwsException BadRequestException for another type, a URI that is not a function ARN,
     *     another format or a timeout out of range
     */
    public HttpApi.Integration createIntegration(
            String apiId, String type, String uri, String payloadFormatVersion, Integer timeoutMillis) {
        HttpApi.Integration integration = integration(apis.id(7), type, uri, payloadFormatVersion, timeoutMillis);
        apis.change(apiId, api -> api.with(api.routes(), Apis.plus(api.integrations(), integration), api.stages()));
        return integration;
    }

    private static HttpApi.Integration integration(
            String id, String type, String uri, String payloadFormatVersion, Integer timeoutMillis) {
        if (!"AWS_PROXY".equals(type)) {
            throw Apis.badRequest("Unsupported integration type " + type + "; this node runs AWS_PROXY integrations.");
        }
        if (uri == null || !uri.startsWith("arn:aws:lambda:") && !uri.startsWith("arn:aws:apigateway:")) {
            throw Apis.badRequest(
                    "Invalid integration URI " + uri + ": an AWS_PROXY integration names a Lambda function.");
        }
        String format = payloadFormatVersion == null ? "2.0" : payloadFormatVersion;
        if (!format.equals("2.0") && !format.equals("1.0")) {
            throw Apis.badRequest("Invalid payload format version " + format + "; it is 1.0 or 2.0.");
        }
        int timeout = timeoutMillis == null ? Apis.MAX_TIMEOUT_MILLIS : timeoutMillis;
        if (timeout < 50 || timeout > Apis.MAX_TIMEOUT_MILLIS) {
            throw Apis.badRequest("Timeout must be between 50 milliseconds and 30 seconds.");
        }
        return new HttpApi.Integration(id, type, functionArn(uri), format, timeout);
    }

    /**
     * Changes an integration's type, function, payload format or timeout; each {@code null} keeps what
     * it has. Stages with auto-deploy serve the change at once, others with their next deployment.
     *
     * @throws AwsException NotFoundException when the API or the integration is not there,
     *     BadRequestException for what {@link #createIntegration} refuses; nothing changes then
     */
    public HttpApi.Integration updateIntegration(
            String apiId,
            String integrationId,
            String type,
            String uri,
            String payloadFormatVersion,
            Integer timeoutMillis) {
        HttpApi changed = apis.change(apiId, api -> {
            HttpApi.Integration old = Apis.one(
                    api.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
            HttpApi.Integration integration = integration(
                    integrationId,
                    type != null ? type : old.type(),
                    uri != null ? uri : old.uri(),
                    payloadFormatVersion != null ? payloadFormatVersion : old.payloadFormatVersion(),
                    timeoutMillis != null ? timeoutMillis : old.timeoutMillis());
            return api.with(
                    api.routes(),
                    api.integrations().stream()
                            .map(i -> i.integrationId().equals(integrationId) ? integration : i)
                            .toList(),
                    api.stages());
        });
        return Apis.one(
                changed.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
    }

    /**
     * Deletes an integration no route targets (deployments keep their own copy).
     *
     * @throws AwsException NotFoundException when the API or the integration is not there,
     *     ConflictException while routes target it, naming them as API Gateway does
     */
    public void deleteIntegration(String apiId, String integrationId) {
        apis.change(apiId, api -> {
            Apis.one(api.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
            List<String> using = api.routes().stream()
                    .filter(r -> ("integrations/" + integrationId).equals(r.target()))
                    .map(HttpApi.Route::routeId)
                    .toList();
            if (!using.isEmpty()) {
                throw new AwsException(
                        409,
                        "ConflictException",
                        "Cannot delete Integration because it is referenced by the following Routes with Ids: ["
                                + String.join(", ", using) + "]");
            }
            return api.with(
                    api.routes(),
                    api.integrations().stream()
                            .filter(i -> !i.integrationId().equals(integrationId))
                            .toList(),
                    api.stages());
        });
    }

    /** @throws AwsException NotFoundException when the API or the route is not there */
    public HttpApi.Route route(String apiId, String routeId) {
        return route(apis.get(apiId), routeId);
    }

    private static HttpApi.Route route(HttpApi api, String routeId) {
        return Apis.one(api.routes(), r -> r.routeId().equals(routeId), "Route", routeId);
    }

    /** @throws AwsException NotFoundException when the API or the integration is not there */
    public HttpApi.Integration integration(String apiId, String integrationId) {
        return Apis.one(
                apis.get(apiId).integrations(),
                i -> i.integrationId().equals(integrationId),
                "Integration",
                integrationId);
    }

    /**
     * The function ARN an integration URI names: a function ARN as it is, or the function ARN inside
     * the {@code arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations} form.
     */
    static String functionArn(String uri) {
        String marker = "/functions/";
        int at = uri.indexOf(marker);
        if (uri.startsWith("arn:aws:apigateway:") && at > 0 && uri.endsWith("/invocations")) {
            return uri.substring(at + marker.length(), uri.length() - "/invocations".length());
        }
        if (uri.startsWith("arn:aws:apigateway:")) {
            throw Apis.badRequest("Invalid integration URI " + uri + ".");
        }
        return uri;
    }
}
