package dev.lamina.apigateway.rest;

import dev.lamina.apigateway.http.SqliteApiStore;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Transactions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's REST APIs: created, changed and deleted through the database and kept in memory as well,
 * so that serving a request reads no database (a change commits first and reaches memory after the
 * commit). Each operation checks its input as API Gateway does and throws API Gateway's error, leaving
 * nothing changed. Thread-safe; one change at a time, writers block on the database.
 */
public final class RestApis {
    /** API Gateway's longest wait for a REST API's integration, and the default. */
    public static final int MAX_TIMEOUT_MILLIS = 29_000;

    static final Set<String> METHODS = Set.of("ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern PATH_PART = Pattern.compile("[A-Za-z0-9._:-]+|\\{[A-Za-z0-9._-]+\\+?}");
    private static final Pattern STAGE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern LAMBDA_URI =
            Pattern.compile("arn:aws:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/(arn:[^/]+)/invocations");

    private final Transactions db;
    private final SqliteApiStore<RestApi> store;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final String account;
    private final Map<String, RestApi> live = new ConcurrentHashMap<>();

    /** Loads the REST APIs the database holds. */
    public RestApis(
            Transactions db,
            SqliteApiStore<RestApi> store,
            InstantSource clock,
            RandomGenerator random,
            String account) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.account = account;
        db.transaction(tx -> store.all(tx)).forEach(api -> live.put(api.id(), api));
    }

    /** One operation of UpdateStage's {@code patchOperations}. */
    public record Patch(String op, String path, String value) {}

    /** Creates a REST API with its root resource {@code /}. @throws AwsException BadRequestException without a name */
    public RestApi create(String name, String description) {
        if (name == null || name.isEmpty()) {
            throw badRequest("Invalid REST API name specified: a name is required.");
        }
        long now = clock.millis();
        RestApi.Resource root = new RestApi.Resource(id(10), null, null, "/", Map.of());
        RestApi api = new RestApi(id(10), name, description, now, root.id(), List.of(root), List.of(), List.of());
        db.transaction(tx -> {
            store.put(tx, api);
            tx.afterCommit(() -> live.put(api.id(), api));
            return null;
        });
        return api;
    }

    /** @throws AwsException NotFoundException when there is no such API */
    public RestApi get(String restApiId) {
        RestApi api = live.get(restApiId);
        if (api == null) {
            throw notFound("Invalid API identifier specified " + account + ":" + restApiId);
        }
        return api;
    }

    /** The API {@code restApiId}, or {@code null}: for serving requests, from memory. */
    public RestApi find(String restApiId) {
        return live.get(restApiId);
    }

    /** Every REST API, by creation time then id. */
    public List<RestApi> list() {
        return live.values().stream()
                .sorted(Comparator.comparingLong(RestApi::createdMillis).thenComparing(RestApi::id))
                .toList();
    }

    /** Deletes an API with all it has. @throws AwsException NotFoundException when there is none */
    public synchronized void delete(String restApiId) {
        get(restApiId);
        db.transaction(tx -> {
            store.delete(tx, restApiId);
            tx.afterCommit(() -> live.remove(restApiId));
            return null;
        });
    }

    /**
     * Adds a resource under {@code parentId}.
     *
     * @throws AwsException NotFoundException for an unknown API or parent; BadRequestException for a
     *     path part API Gateway refuses or a parent that is greedy; ConflictException when a sibling
     *     has the same path part, or a variable one beside a new variable
     */
    public RestApi.Resource createResource(String restApiId, String parentId, String pathPart) {
        RestApi.Resource[] made = new RestApi.Resource[1];
        change(restApiId, api -> {
            RestApi.Resource parent = resource(api, parentId);
            if (pathPart == null || !PATH_PART.matcher(pathPart).matches()) {
                throw badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning"
                        + " and the end and an optional plus sign before the closing brace.");
            }
            if (parent.pathPart() != null && parent.pathPart().endsWith("+}")) {
                throw badRequest(
                        "Cannot create a child of a resource with a greedy path variable: " + parent.pathPart());
            }
            for (RestApi.Resource sibling : api.resources()) {
                if (!parentId.equals(sibling.parentId())) {
                    continue;
                }
                if (sibling.pathPart().equals(pathPart)) {
                    throw conflict("Another resource with the same parent already has this name: " + pathPart);
                }
                if (sibling.pathPart().startsWith("{") && pathPart.startsWith("{")) {
                    throw badRequest("A sibling (" + sibling.pathPart()
                            + ") of this resource already has a variable path part -- only one is allowed");
                }
            }
            String path = (parent.path().equals("/") ? "" : parent.path()) + "/" + pathPart;
            made[0] = new RestApi.Resource(id(6), parentId, pathPart, path, Map.of());
            return api.withResources(plus(api.resources(), made[0]));
        });
        return made[0];
    }

    /** @throws AwsException NotFoundException for an unknown API or resource */
    public RestApi.Resource getResource(String restApiId, String resourceId) {
        return resource(get(restApiId), resourceId);
    }

    /**
     * Deletes a resource with the resources under it and their methods.
     *
     * @throws AwsException NotFoundException for an unknown API or resource; BadRequestException for the root
     */
    public void deleteResource(String restApiId, String resourceId) {
        change(restApiId, api -> {
            resource(api, resourceId);
            if (resourceId.equals(api.rootResourceId())) {
                throw badRequest("Cannot delete the root resource of an API.");
            }
            Set<String> gone = new HashSet<>(Set.of(resourceId));
            List<RestApi.Resource> kept = new ArrayList<>();
            for (RestApi.Resource r : api.resources()) { // parents come before their children
                if (r.parentId() != null && gone.contains(r.parentId())) {
                    gone.add(r.id());
                }
            }
            api.resources().stream().filter(r -> !gone.contains(r.id())).forEach(kept::add);
            return api.withResources(kept);
        });
    }

    /**
     * Adds (or replaces) a method of a resource, without integration.
     *
     * @throws AwsException NotFoundException for an unknown API or resource; BadRequestException for an
     *     unknown method or an authorization type other than NONE
     */
    public RestApi.Method putMethod(String restApiId, String resourceId, String httpMethod, String authorizationType) {
        if (!METHODS.contains(httpMethod)) {
            throw badRequest("Invalid HttpMethod specified. Valid options are " + String.join(",", sorted(METHODS)));
        }
        if (authorizationType == null || authorizationType.isEmpty()) {
            throw badRequest("Invalid authorization type specified: authorizationType is required.");
        }
        if (!authorizationType.equals("NONE")) {
            throw badRequest("Invalid authorization type specified: " + authorizationType
                    + "; this node serves REST API methods with authorizationType NONE only.");
        }
        RestApi.Method method = new RestApi.Method(httpMethod, authorizationType, false, null);
        change(restApiId, api -> withMethod(api, resource(api, resourceId), method));
        return method;
    }

    /** @throws AwsException NotFoundException for an unknown API, resource or method */
    public RestApi.Method getMethod(String restApiId, String resourceId, String httpMethod) {
        return method(resource(get(restApiId), resourceId), httpMethod);
    }

    /** @throws AwsException NotFoundException for an unknown API, resource or method */
    public void deleteMethod(String restApiId, String resourceId, String httpMethod) {
        change(restApiId, api -> {
            RestApi.Resource resource = resource(api, resourceId);
            method(resource, httpMethod);
            Map<String, RestApi.Method> methods = new HashMap<>(resource.methods());
            methods.remove(httpMethod);
            return replace(
                    api,
                    new RestApi.Resource(
                            resource.id(), resource.parentId(), resource.pathPart(), resource.path(), methods));
        });
    }

    /**
     * Sets a method's integration: AWS_PROXY to a Lambda function. The function is not looked up (as
     * on AWS, a missing one or one without a permission fails when a request reaches it).
     *
     * @param timeoutMillis {@code null} for the longest, 29 s
     * @throws AwsException NotFoundException for an unknown API, resource or method; BadRequestException
     *     for another type, a missing integration method, a URI that is no Lambda function's, or a
     *     timeout out of range
     */
    public RestApi.Integration putIntegration(
            String restApiId,
            String resourceId,
            String httpMethod,
            String type,
            String integrationHttpMethod,
            String uri,
            Integer timeoutMillis) {
        RestApi.Integration[] made = new RestApi.Integration[1];
        change(restApiId, api -> {
            RestApi.Resource resource = resource(api, resourceId);
            RestApi.Method method = method(resource, httpMethod);
            if (!"AWS_PROXY".equals(type)) {
                throw badRequest(
                        type == null || type.isEmpty()
                                ? "Enumeration value for IntegrationType must be non-empty"
                                : "Integration type " + type + " is not supported; this node serves AWS_PROXY (Lambda"
                                        + " proxy) integrations only.");
            }
            if (integrationHttpMethod == null || integrationHttpMethod.isEmpty()) {
                throw badRequest("Enumeration value for HttpMethod must be non-empty");
            }
            if (uri == null || functionArn(uri) == null) {
                throw badRequest("Invalid ARN specified in the request");
            }
            int timeout = timeoutMillis == null ? MAX_TIMEOUT_MILLIS : timeoutMillis;
            if (timeout < 50 || timeout > MAX_TIMEOUT_MILLIS) {
                throw badRequest("Timeout should be between 50 ms and 29000 ms");
            }
            made[0] = new RestApi.Integration(type, integrationHttpMethod, uri, timeout);
            return withMethod(
                    api,
                    resource,
                    new RestApi.Method(
                            method.httpMethod(), method.authorizationType(), method.apiKeyRequired(), made[0]));
        });
        return made[0];
    }

    /** @throws AwsException NotFoundException for an unknown API, resource, method or integration */
    public RestApi.Integration getIntegration(String restApiId, String resourceId, String httpMethod) {
        RestApi.Method method = method(resource(get(restApiId), resourceId), httpMethod);
        if (method.integration() == null) {
            throw notFound("Invalid Integration identifier specified");
        }
        return method.integration();
    }

    /**
     * The function ARN of a Lambda integration's URI, or {@code null} when the URI is not one
     * ({@code arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<ARN>/invocations}).
     */
    public static String functionArn(String uri) {
        Matcher m = LAMBDA_URI.matcher(uri);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Snapshots the resources as a deployment; with a {@code stageName}, also points that stage at it
     * (making the stage when it is new) with {@code variables} set on it.
     *
     * @throws AwsException NotFoundException for an unknown API; BadRequestException when the API has
     *     no method, a method has no integration, or the stage name is malformed
     */
    public RestApi.Deployment createDeployment(
            String restApiId, String description, String stageName, Map<String, String> variables) {
        if (stageName != null) {
            checkStageName(stageName);
        }
        RestApi.Deployment[] made = new RestApi.Deployment[1];
        change(restApiId, api -> {
            if (api.resources().stream().allMatch(r -> r.methods().isEmpty())) {
                throw badRequest("The REST API doesn't contain any methods");
            }
            if (api.resources().stream()
                    .flatMap(r -> r.methods().values().stream())
                    .anyMatch(m -> m.integration() == null)) {
                throw badRequest("No integration defined for method");
            }
            long now = clock.millis();
            made[0] = new RestApi.Deployment(id(6), description, now, api.resources());
            RestApi deployed = api.withDeployments(plus(api.deployments(), made[0]));
            if (stageName == null) {
                return deployed;
            }
            RestApi.Stage old = api.stage(stageName).orElse(null);
            Map<String, String> vars = new LinkedHashMap<>(old == null ? Map.of() : old.variables());
            vars.putAll(variables == null ? Map.of() : variables);
            RestApi.Stage stage = new RestApi.Stage(
                    stageName,
                    made[0].id(),
                    old == null ? null : old.description(),
                    vars,
                    old == null ? now : old.createdMillis(),
                    now);
            return deployed.withStages(replaceStage(deployed.stages(), stage));
        });
        return made[0];
    }

    /**
     * Deletes a deployment no stage serves.
     *
     * @throws AwsException NotFoundException for an unknown API or deployment; BadRequestException
     *     while a stage serves it
     */
    public void deleteDeployment(String restApiId, String deploymentId) {
        change(restApiId, api -> {
            deployment(api, deploymentId);
            if (api.stages().stream().anyMatch(s -> s.deploymentId().equals(deploymentId))) {
                throw badRequest("Active stages pointing to this deployment must be moved or deleted");
            }
            return api.withDeployments(api.deployments().stream()
                    .filter(d -> !d.id().equals(deploymentId))
                    .toList());
        });
    }

    /**
     * Adds a stage serving a deployment.
     *
     * @throws AwsException NotFoundException for an unknown API or deployment; BadRequestException for
     *     a malformed name; ConflictException when the stage exists
     */
    public RestApi.Stage createStage(
            String restApiId, String stageName, String deploymentId, String description, Map<String, String> vars) {
        checkStageName(stageName);
        RestApi.Stage[] made = new RestApi.Stage[1];
        change(restApiId, api -> {
            deployment(api, deploymentId);
            if (api.stage(stageName).isPresent()) {
                throw conflict("Stage already exists");
            }
            long now = clock.millis();
            made[0] = new RestApi.Stage(stageName, deploymentId, description, vars == null ? Map.of() : vars, now, now);
            return api.withStages(plus(api.stages(), made[0]));
        });
        return made[0];
    }

    /** @throws AwsException NotFoundException for an unknown API or stage */
    public RestApi.Stage getStage(String restApiId, String stageName) {
        return stage(get(restApiId), stageName);
    }

    /**
     * Applies UpdateStage's patch operations: {@code replace} (or {@code add}) and {@code remove} of
     * {@code /variables/<name>}, {@code replace} of {@code /description} and {@code /deploymentId}.
     *
     * @throws AwsException NotFoundException for an unknown API, stage or deployment; BadRequestException
     *     for another operation or path
     */
    public RestApi.Stage updateStage(String restApiId, String stageName, List<Patch> patches) {
        RestApi.Stage[] changed = new RestApi.Stage[1];
        change(restApiId, api -> {
            RestApi.Stage stage = stage(api, stageName);
            Map<String, String> vars = new LinkedHashMap<>(stage.variables());
            String description = stage.description();
            String deploymentId = stage.deploymentId();
            for (Patch patch : patches) {
                boolean set = "replace".equals(patch.op()) || "add".equals(patch.op());
                String path = patch.path() == null ? "" : patch.path();
                if (path.startsWith("/variables/") && path.length() > "/variables/".length()) {
                    String name = path.substring("/variables/".length());
                    if (set) {
                        vars.put(name, patch.value() == null ? "" : patch.value());
                    } else if ("remove".equals(patch.op())) {
                        vars.remove(name);
                    } else {
                        throw invalidPatch(patch);
                    }
                } else if (set && path.equals("/description")) {
                    description = patch.value();
                } else if (set && path.equals("/deploymentId")) {
                    deploymentId = deployment(api, patch.value()).id();
                } else {
                    throw invalidPatch(patch);
                }
            }
            changed[0] = new RestApi.Stage(
                    stageName, deploymentId, description, vars, stage.createdMillis(), clock.millis());
            return api.withStages(replaceStage(api.stages(), changed[0]));
        });
        return changed[0];
    }

    /** @throws AwsException NotFoundException for an unknown API or stage */
    public void deleteStage(String restApiId, String stageName) {
        change(restApiId, api -> {
            stage(api, stageName);
            return api.withStages(api.stages().stream()
                    .filter(s -> !s.stageName().equals(stageName))
                    .toList());
        });
    }

    /** Applies {@code change} to the API and stores the result; one change at a time, so none is lost. */
    private synchronized void change(String restApiId, UnaryOperator<RestApi> change) {
        RestApi changed = change.apply(get(restApiId));
        db.transaction(tx -> {
            store.put(tx, changed);
            tx.afterCommit(() -> live.put(restApiId, changed));
            return null;
        });
    }

    private static RestApi.Resource resource(RestApi api, String resourceId) {
        return api.resource(resourceId).orElseThrow(() -> notFound("Invalid Resource identifier specified"));
    }

    private static RestApi.Method method(RestApi.Resource resource, String httpMethod) {
        RestApi.Method method = resource.methods().get(httpMethod);
        if (method == null) {
            throw notFound("Invalid Method identifier specified");
        }
        return method;
    }

    private static RestApi.Deployment deployment(RestApi api, String deploymentId) {
        return api.deployment(deploymentId).orElseThrow(() -> notFound("Invalid Deployment identifier specified"));
    }

    private static RestApi.Stage stage(RestApi api, String stageName) {
        return api.stage(stageName).orElseThrow(() -> notFound("Invalid Stage identifier specified"));
    }

    private static RestApi withMethod(RestApi api, RestApi.Resource resource, RestApi.Method method) {
        Map<String, RestApi.Method> methods = new HashMap<>(resource.methods());
        methods.put(method.httpMethod(), method);
        return replace(
                api,
                new RestApi.Resource(
                        resource.id(), resource.parentId(), resource.pathPart(), resource.path(), methods));
    }

    private static RestApi replace(RestApi api, RestApi.Resource resource) {
        return api.withResources(api.resources().stream()
                .map(r -> r.id().equals(resource.id()) ? resource : r)
                .toList());
    }

    private static List<RestApi.Stage> replaceStage(List<RestApi.Stage> stages, RestApi.Stage stage) {
        List<RestApi.Stage> out = new ArrayList<>(stages);
        out.removeIf(s -> s.stageName().equals(stage.stageName()));
        out.add(stage);
        return out;
    }

    private static void checkStageName(String stageName) {
        if (stageName == null || !STAGE_NAME.matcher(stageName).matches()) {
            throw badRequest("Stage name only allows a-zA-Z0-9_");
        }
    }

    private static AwsException invalidPatch(Patch patch) {
        return badRequest("Invalid patch path " + patch.path() + " for operation " + patch.op()
                + "; this node changes a stage's /variables/<name>, /description and /deploymentId.");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static <T> List<T> plus(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    private String id(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
        }
        return out.toString();
    }

    private static AwsException badRequest(String message) {
        return new AwsException(400, "BadRequestException", message);
    }

    private static AwsException conflict(String message) {
        return new AwsException(409, "ConflictException", message);
    }

    private static AwsException notFound(String message) {
        return new AwsException(404, "NotFoundException", message);
    }
}
