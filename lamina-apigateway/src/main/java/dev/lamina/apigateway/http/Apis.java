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
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final SqliteApiStore<HttpApi> store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<String, HttpApi> live = new ConcurrentHashMap<>();
    private final List<Removals> removals = new CopyOnWriteArrayList<>();

    /** Loads the APIs the database holds. */
    public Apis(Transactions db, SqliteApiStore<HttpApi> store, InstantSource clock, RandomGenerator random) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.random = random;
        db.transaction(tx -> store.all(tx)).forEach(api -> live.put(api.apiId(), api));
    }

    /**
     * Told after a commit of each stage that is gone, or of a whole API that is gone ({@code stage}
     * {@code null}), so that what is kept per stage beside the API's document (throttle buckets)
     * goes with it. Called on the committing thread once memory serves the change; must not throw.
     */
    @FunctionalInterface
    public interface Removals {
        void removed(String apiId, String stage);
    }

    /** Adds {@code listener} to those told of removed stages and APIs. */
    public void onRemoval(Removals listener) {
        removals.add(listener);
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
            tx.afterCommit(() -> {
                live.remove(apiId);
                removals.forEach(r -> r.removed(apiId, null));
            });
            return found;
        });
        if (!deleted) {
            throw notFound(apiId);
        }
    }

    static <T> T one(List<T> items, java.util.function.Predicate<T> which, String type, String id) {
        return items.stream()
                .filter(which)
                .findFirst()
                .orElseThrow(() -> notFound(type, "Invalid " + type + " identifier specified " + id));
    }

    /** Applies {@code change} to the API and stores the result; one change at a time, so none is lost. */
    synchronized HttpApi change(String apiId, java.util.function.UnaryOperator<HttpApi> change) {
        HttpApi old = get(apiId);
        HttpApi changed = change.apply(old);
        db.transaction(tx -> {
            store.put(tx, changed);
            tx.afterCommit(() -> {
                live.put(apiId, changed);
                old.stages().stream()
                        .map(HttpApi.Stage::name)
                        .filter(name -> changed.stages().stream()
                                .noneMatch(s -> s.name().equals(name)))
                        .forEach(name -> removals.forEach(r -> r.removed(apiId, name)));
            });
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
