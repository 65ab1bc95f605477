package dev.lamina.apigateway.http;

import dev.lamina.apigateway.route.RouteKey;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Transactions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The node's HTTP APIs: created, read and deleted through the database, and kept in memory as well so
 * that serving a request reads no database. Every change commits first and reaches memory after the
 * commit, so memory never holds what the database does not. Thread-safe; writers block on the
 * database.
 */
public final class Apis {
    /** Lambda's longest wait for an integration, and the default, as on AWS. */
    public static final int MAX_TIMEOUT_MILLIS = 30_000;

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Transactions db;
    private final SqliteApiStore store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, HttpApi> live = new ConcurrentHashMap<>();

    /** Loads the APIs the database holds. */
    public Apis(Transactions db, SqliteApiStore store, InstantSource clock, RandomGenerator random) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.random = random;
        db.transaction(tx -> store.all(tx)).forEach(api -> live.put(api.apiId(), api));
    }

    /**
     * What CreateApi asks for.
     *
     * @param target quick create's function ARN, or {@code null}
     * @param routeKey quick create's route key, or {@code null} for {@code $default}
     * @param cors its CORS configuration, or {@code null} for none
     * @param tags its tags, or {@code null} for none
     */
    public record Create(
            String name,
            String protocolType,
            String description,
            String target,
            String routeKey,
            HttpApi.Cors cors,
            Map<String, String> tags) {}

    /**
     * What UpdateApi asks for: each {@code null} keeps what the API has.
     *
     * @param cors a new CORS configuration, whole (as API Gateway replaces it)
     */
    public record Update(String name, String description, HttpApi.Cors cors) {}

    /**
     * Creates an HTTP API; with a {@code target} also what quick create makes: an AWS_PROXY
     * integration (payload 2.0, 30 s), the route, and the {@code $default} stage with auto-deploy.
     * Checks nothing of the function (its policy is checked when the API invokes it, as on AWS).
     *
     * @throws AwsException BadRequestException for a missing name, a protocol other than HTTP, a
     *     malformed route key, a route key without a target, or tags {@link ApiTags} refuses; nothing
     *     is stored then
     */
    public HttpApi create(Create request) {
        checkName(request.name());
        checkCors(request.cors());
        Map<String, String> tags = ApiTags.checked(request.tags() == null ? Map.of() : request.tags());
        if (!"HTTP".equals(request.protocolType())) {
            throw badRequest(
                    request.protocolType() == null
                            ? "ProtocolType is required."
                            : "Unsupported protocol type " + request.protocolType()
                                    + "; this node serves HTTP APIs only.");
        }
        if (request.target() == null && request.routeKey() != null) {
            throw badRequest("A route key can be given only with a target (quick create).");
        }
        String routeKey = request.routeKey() == null ? "$default" : request.routeKey();
        RouteKey.parse(routeKey);
        if (request.target() != null && !request.target().startsWith("arn:")) {
            throw badRequest("Invalid target " + request.target() + ": quick create takes a Lambda function ARN.");
        }
        long now = clock.millis();
        List<HttpApi.Route> routes = new ArrayList<>();
        List<HttpApi.Integration> integrations = new ArrayList<>();
        List<HttpApi.Stage> stages = new ArrayList<>();
        if (request.target() != null) {
            HttpApi.Integration integration =
                    new HttpApi.Integration(id(7), "AWS_PROXY", request.target(), "2.0", MAX_TIMEOUT_MILLIS);
            integrations.add(integration);
            routes.add(new HttpApi.Route(
                    id(7), routeKey, "integrations/" + integration.integrationId(), "NONE", null, List.of()));
            stages.add(new HttpApi.Stage("$default", true, now, Map.of()));
        }
        HttpApi api = new HttpApi(
                id(10),
                request.name(),
                request.description(),
                now,
                routes,
                integrations,
                stages,
                request.cors(),
                List.of(),
                List.of(),
                tags);
        db.transaction(tx -> {
            store.put(tx, api);
            tx.afterCommit(() -> live.put(api.apiId(), api));
            return null;
        });
        return api;
    }

    /**
     * Changes an API's name, description or CORS configuration.
     *
     * @throws AwsException NotFoundException when there is no such API, BadRequestException for a
     *     malformed name or CORS configuration; nothing changes then
     */
    public HttpApi update(String apiId, Update request) {
        if (request.name() != null) {
            checkName(request.name());
        }
        checkCors(request.cors());
        return change(
                apiId,
                api -> api.with(
                        request.name() != null ? request.name() : api.name(),
                        request.description() != null ? request.description() : api.description(),
                        request.cors() != null ? request.cors() : api.cors()));
    }

    /** Removes an API's CORS configuration. @throws AwsException NotFoundException when there is no such API */
    public void deleteCors(String apiId) {
        change(apiId, api -> api.with(api.name(), api.description(), null));
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw badRequest("Invalid API name specified: a name is 1 to 128 characters.");
        }
    }

    private static void checkCors(HttpApi.Cors cors) {
        if (cors == null) {
            return;
        }
        if (cors.maxAge() != null && (cors.maxAge() < -1 || cors.maxAge() > 86_400)) {
            throw badRequest("Invalid maxAge " + cors.maxAge() + ": it is between -1 and 86400.");
        }
        if (cors.allowCredentials() && cors.allowOrigins().contains("*")) {
            throw badRequest("allow-credentials is not supported if 'allow-origin' is *");
        }
    }

    /** @throws AwsException NotFoundException when there is no such API */
    public HttpApi get(String apiId) {
        HttpApi api = live.get(apiId);
        if (api == null) {
            throw notFound(apiId);
        }
        return api;
    }

    /** The API {@code apiId}, or {@code null}: for serving requests, from memory. */
    public HttpApi find(String apiId) {
        return live.get(apiId);
    }

    /** Every API, by creation time then id. */
    public List<HttpApi> list() {
        return live.values().stream()
                .sorted(Comparator.comparingLong(HttpApi::createdMillis).thenComparing(HttpApi::apiId))
                .toList();
    }

    /** Deletes an API with its routes, integrations and stages. */
    public synchronized void delete(String apiId) {
        boolean deleted = db.transaction(tx -> {
            boolean found = store.delete(tx, apiId);
            tx.afterCommit(() -> live.remove(apiId));
            return found;
        });
        if (!deleted) {
            throw notFound(apiId);
        }
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
            throw badRequest("RouteKey is required.");
        }
        HttpApi.Route route = new HttpApi.Route(
                id(7),
                spec.routeKey(),
                spec.target(),
                spec.authorizationType(),
                spec.authorizerId(),
                spec.authorizationScopes());
        change(apiId, api -> api.with(plus(api.routes(), checked(api, route, null)), api.integrations(), api.stages()));
        return route;
    }

    /**
     * Changes a route's key, target or authorization.
     *
     * @throws AwsException NotFoundException when the API or the route is not there, else as
     *     {@link #createRoute}; nothing changes then
     */
    public HttpApi.Route updateRoute(String apiId, String routeId, RouteSpec spec) {
        HttpApi changed = change(apiId, api -> {
            HttpApi.Route old = one(api.routes(), r -> r.routeId().equals(routeId), "Route", routeId);
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
            throw badRequest("Invalid target " + route.target() + ": it is integrations/<an integration of this API>.");
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
                    throw badRequest("Invalid authorizer " + route.authorizerId() + " for a "
                            + route.authorizationType() + " route: it is the id of one of this API's " + type
                            + " authorizers.");
                }
            }
            default ->
                throw badRequest("Unsupported authorization type " + route.authorizationType()
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
        HttpApi.Authorizer authorizer = spec.authorizer(id(6));
        change(apiId, api -> api.withAuthorizers(plus(api.authorizers(), authorizer)));
        return authorizer;
    }

    /** @throws AwsException NotFoundException when the API or the authorizer is not there */
    public HttpApi.Authorizer authorizer(String apiId, String authorizerId) {
        return one(get(apiId).authorizers(), a -> a.authorizerId().equals(authorizerId), "Authorizer", authorizerId);
    }

    /**
     * @throws AwsException NotFoundException when the API or the authorizer is not there,
     *     ConflictException while a route uses it
     */
    public void deleteAuthorizer(String apiId, String authorizerId) {
        change(apiId, api -> {
            one(api.authorizers(), a -> a.authorizerId().equals(authorizerId), "Authorizer", authorizerId);
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
        change(apiId, api -> {
            List<HttpApi.Route> routes = api.routes().stream()
                    .filter(r -> !r.routeId().equals(routeId))
                    .toList();
            if (routes.size() == api.routes().size()) {
                throw notFound("Route", "Invalid Route identifier specified " + routeId);
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
        HttpApi.Integration integration = integration(id(7), type, uri, payloadFormatVersion, timeoutMillis);
        change(apiId, api -> api.with(api.routes(), plus(api.integrations(), integration), api.stages()));
        return integration;
    }

    private static HttpApi.Integration integration(
            String id, String type, String uri, String payloadFormatVersion, Integer timeoutMillis) {
        if (!"AWS_PROXY".equals(type)) {
            throw badRequest("Unsupported integration type " + type + "; this node runs AWS_PROXY integrations.");
        }
        if (uri == null || !uri.startsWith("arn:aws:lambda:") && !uri.startsWith("arn:aws:apigateway:")) {
            throw badRequest("Invalid integration URI " + uri + ": an AWS_PROXY integration names a Lambda function.");
        }
        String format = payloadFormatVersion == null ? "2.0" : payloadFormatVersion;
        if (!format.equals("2.0") && !format.equals("1.0")) {
            throw badRequest("Invalid payload format version " + format + "; it is 1.0 or 2.0.");
        }
        int timeout = timeoutMillis == null ? MAX_TIMEOUT_MILLIS : timeoutMillis;
        if (timeout < 50 || timeout > MAX_TIMEOUT_MILLIS) {
            throw badRequest("Timeout must be between 50 milliseconds and 30 seconds.");
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
        HttpApi changed = change(apiId, api -> {
            HttpApi.Integration old =
                    one(api.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
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
        return one(changed.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
    }

    /**
     * Deletes an integration no route targets (deployments keep their own copy).
     *
     * @throws AwsException NotFoundException when the API or the integration is not there,
     *     ConflictException while routes target it, naming them as API Gateway does
     */
    public void deleteIntegration(String apiId, String integrationId) {
        change(apiId, api -> {
            one(api.integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
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
        return route(get(apiId), routeId);
    }

    private static HttpApi.Route route(HttpApi api, String routeId) {
        return one(api.routes(), r -> r.routeId().equals(routeId), "Route", routeId);
    }

    /** @throws AwsException NotFoundException when the API or the integration is not there */
    public HttpApi.Integration integration(String apiId, String integrationId) {
        return one(
                get(apiId).integrations(), i -> i.integrationId().equals(integrationId), "Integration", integrationId);
    }

    static <T> T one(List<T> items, java.util.function.Predicate<T> which, String type, String id) {
        return items.stream()
                .filter(which)
                .findFirst()
                .orElseThrow(() -> notFound(type, "Invalid " + type + " identifier specified " + id));
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
            throw badRequest("Invalid integration URI " + uri + ".");
        }
        return uri;
    }

    /** Applies {@code change} to the API and stores the result; one change at a time, so none is lost. */
    synchronized HttpApi change(String apiId, java.util.function.UnaryOperator<HttpApi> change) {
        HttpApi changed = change.apply(get(apiId));
        db.transaction(tx -> {
            store.put(tx, changed);
            tx.afterCommit(() -> live.put(apiId, changed));
            return null;
        });
        return changed;
    }

    static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    String id(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return out.toString();
    }

    static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }

    private static AwsException notFound(String apiId) {
        return notFound("Api", "Invalid API identifier specified " + apiId);
    }

    static AwsException notFound(String type, String message) {
        return new AwsException(404, "NotFoundException", message, Map.of("resourceType", type));
    }
}
