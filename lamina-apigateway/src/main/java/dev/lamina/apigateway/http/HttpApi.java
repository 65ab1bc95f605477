package dev.lamina.apigateway.http;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP API with everything that serves it: its routes, their integrations and its stages. Stored
 * as one document: an API is read whole on every request it serves and changed rarely.
 *
 * @param createdMillis when it was created, in milliseconds since the epoch
 * @param cors its CORS configuration, or {@code null} for none
 * @param deployments the copies of its routes that stages without auto-deploy serve
 * @param tags its tags (TagResource, or CreateApi's {@code Tags})
 */
public record HttpApi(
        String apiId,
        String name,
        String description,
        long createdMillis,
        List<Route> routes,
        List<Integration> integrations,
        List<Stage> stages,
        Cors cors,
        List<Authorizer> authorizers,
        List<Deployment> deployments,
        Map<String, String> tags) {
    public HttpApi {
        Objects.requireNonNull(apiId, "apiId");
        Objects.requireNonNull(name, "name");
        routes = List.copyOf(routes);
        integrations = List.copyOf(integrations);
        stages = List.copyOf(stages);
        authorizers = authorizers == null ? List.of() : List.copyOf(authorizers); // none in older documents
        deployments = deployments == null ? List.of() : List.copyOf(deployments); // none in older documents
        tags = tags == null ? Map.of() : Map.copyOf(tags); // none in older documents
    }

    /**
     * A route: a route key, the integration it sends requests to, and who may call it.
     *
     * @param target {@code integrations/<integrationId>}, or {@code null} for none
     * @param authorizationType {@code NONE}, {@code CUSTOM} (a Lambda authorizer) or {@code JWT}
     * @param authorizerId the authorizer of a {@code CUSTOM} or {@code JWT} route, else {@code null}
     * @param authorizationScopes a JWT route's scopes, one of which a token must have; empty for any
     */
    public record Route(
            String routeId,
            String routeKey,
            String target,
            String authorizationType,
            String authorizerId,
            List<String> authorizationScopes) {
        public Route {
            authorizationType = authorizationType == null ? "NONE" : authorizationType; // older documents
            authorizationScopes = authorizationScopes == null ? List.of() : List.copyOf(authorizationScopes);
        }
    }

    /**
     * An authorizer: a Lambda function that decides from the parts of a request its identity sources
     * name ({@code REQUEST}), or a JWT issuer's keys that verify the bearer token the source names
     * ({@code JWT}).
     *
     * @param type {@code REQUEST} or {@code JWT}
     * @param functionArn a REQUEST authorizer's function (qualified for an alias or version)
     * @param identitySource {@code $request.header.<name>}, {@code $request.querystring.<name>},
     *     {@code $context.<name>} or {@code $stageVariables.<name>}; a request missing any is refused
     * @param payloadFormatVersion a REQUEST authorizer's {@code 1.0} or {@code 2.0}
     * @param simpleResponses whether the function answers {@code isAuthorized} (2.0 only) rather than
     *     an IAM policy
     * @param resultTtlSeconds how long an answer is kept for the same identity, 0 (not kept) to 3,600
     * @param jwt a JWT authorizer's issuer and audiences
     */
    public record Authorizer(
            String authorizerId,
            String name,
            String type,
            String functionArn,
            List<String> identitySource,
            String payloadFormatVersion,
            boolean simpleResponses,
            int resultTtlSeconds,
            Jwt jwt) {
        public Authorizer {
            type = type == null ? "REQUEST" : type;
            identitySource = List.copyOf(identitySource);
        }
    }

    /** A JWT authorizer's configuration: whose tokens it takes, and for whom they must be meant. */
    public record Jwt(String issuer, List<String> audience) {
        public Jwt {
            audience = audience == null ? List.of() : List.copyOf(audience);
        }
    }

    /**
     * An AWS_PROXY integration with a Lambda function.
     *
     * @param uri the function's ARN (qualified for an alias or version)
     * @param payloadFormatVersion {@code 1.0} or {@code 2.0}
     * @param timeoutMillis how long API Gateway waits for the function, 50 to 30,000
     */
    public record Integration(
            String integrationId, String type, String uri, String payloadFormatVersion, int timeoutMillis) {}

    /**
     * A stage; {@code $default} serves at the API's root, any other under {@code /<name>}.
     *
     * @param autoDeploy whether it serves the API's routes as they are now; otherwise it serves those of
     *     its deployment
     * @param variables its stage variables, passed in the event's {@code stageVariables}
     * @param deploymentId the deployment a stage without auto-deploy serves, or {@code null} for none
     *     (it then serves nothing)
     * @param defaultRouteSettings the throttling of each route that {@code routeSettings} does not name
     * @param routeSettings per route key, the throttling that replaces the default's
     * @param lastUpdatedMillis when it last changed; 0 in older documents, read as {@code createdMillis}
     */
    public record Stage(
            String name,
            boolean autoDeploy,
            long createdMillis,
            Map<String, String> variables,
            String description,
            String deploymentId,
            RouteSettings defaultRouteSettings,
            Map<String, RouteSettings> routeSettings,
            long lastUpdatedMillis) {
        public Stage {
            variables = variables == null ? Map.of() : Map.copyOf(variables);
            defaultRouteSettings = defaultRouteSettings == null ? RouteSettings.NONE : defaultRouteSettings;
            routeSettings = routeSettings == null ? Map.of() : Map.copyOf(routeSettings);
            lastUpdatedMillis = lastUpdatedMillis == 0 ? createdMillis : lastUpdatedMillis;
        }

        /** A new stage with no description, deployment or route settings. */
        public Stage(String name, boolean autoDeploy, long createdMillis, Map<String, String> variables) {
            this(name, autoDeploy, createdMillis, variables, null, null, null, null, createdMillis);
        }
    }

    /**
     * A stage's settings for a route (or the default for all).
     *
     * @param throttlingBurstLimit how many requests may come at once, or {@code null} for the account's
     * @param throttlingRateLimit how many requests a second may come on average, or {@code null} for the
     *     account's
     */
    public record RouteSettings(
            Integer throttlingBurstLimit, Double throttlingRateLimit, boolean detailedMetricsEnabled) {
        public static final RouteSettings NONE = new RouteSettings(null, null, false);
    }

    /**
     * A deployment: the routes, integrations and authorizers of the API as they were when it was made,
     * which a stage without auto-deploy serves.
     */
    public record Deployment(
            String deploymentId,
            String description,
            long createdMillis,
            List<Route> routes,
            List<Integration> integrations,
            List<Authorizer> authorizers) {
        public Deployment {
            routes = List.copyOf(routes);
            integrations = List.copyOf(integrations);
            authorizers = authorizers == null ? List.of() : List.copyOf(authorizers);
        }
    }

    /**
     * What {@code stage} serves: the API as it is now with auto-deploy; else the routes, integrations
     * and authorizers of the stage's deployment; no routes at all when it has none (or it is gone).
     */
    public HttpApi servedBy(Stage stage) {
        if (stage.autoDeploy()) {
            return this;
        }
        Optional<Deployment> deployment = deployment(stage.deploymentId());
        return deployment
                .map(d -> with(
                        name,
                        description,
                        cors,
                        d.routes(),
                        d.integrations(),
                        stages,
                        d.authorizers(),
                        deployments,
                        tags))
                .orElseGet(() -> with(List.of(), List.of(), stages));
    }

    /** The deployment {@code deploymentId} of this API, if it has one. */
    public Optional<Deployment> deployment(String deploymentId) {
        return deployments.stream()
                .filter(d -> d.deploymentId().equals(deploymentId))
                .findFirst();
    }

    /** This API with other deployments and stages. */
    public HttpApi withDeployments(List<Deployment> deployments, List<Stage> stages) {
        return with(name, description, cors, routes, integrations, stages, authorizers, deployments, tags);
    }

    /** This API with other routes, integrations and stages. */
    public HttpApi with(List<Route> routes, List<Integration> integrations, List<Stage> stages) {
        return with(name, description, cors, routes, integrations, stages, authorizers, deployments, tags);
    }

    /** This API with other tags. */
    public HttpApi withTags(Map<String, String> tags) {
        return with(name, description, cors, routes, integrations, stages, authorizers, deployments, tags);
    }

    /** This API with other authorizers. */
    public HttpApi withAuthorizers(List<Authorizer> authorizers) {
        return with(name, description, cors, routes, integrations, stages, authorizers, deployments, tags);
    }

    /** The authorizer {@code authorizerId} of this API, if it has one. */
    public Optional<Authorizer> authorizer(String authorizerId) {
        return authorizers.stream()
                .filter(a -> a.authorizerId().equals(authorizerId))
                .findFirst();
    }

    /** This API with another name, description and CORS configuration. */
    public HttpApi with(String name, String description, Cors cors) {
        return with(name, description, cors, routes, integrations, stages, authorizers, deployments, tags);
    }

    /** This API with all but its id and creation time as given: what each copy above changes. */
    private HttpApi with(
            String name,
            String description,
            Cors cors,
            List<Route> routes,
            List<Integration> integrations,
            List<Stage> stages,
            List<Authorizer> authorizers,
            List<Deployment> deployments,
            Map<String, String> tags) {
        return new HttpApi(
                apiId,
                name,
                description,
                createdMillis,
                routes,
                integrations,
                stages,
                cors,
                authorizers,
                deployments,
                tags);
    }

    /**
     * What API Gateway adds to answers for browsers of other origins, and how it answers their
     * preflight requests.
     *
     * @param allowOrigins origins allowed: exact, {@code *}, or {@code https://*} / {@code http://*}
     * @param maxAge seconds a browser may keep a preflight's answer, -1 to 86,400, or {@code null}
     */
    public record Cors(
            List<String> allowOrigins,
            List<String> allowMethods,
            List<String> allowHeaders,
            List<String> exposeHeaders,
            Integer maxAge,
            boolean allowCredentials) {
        public Cors {
            allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
            allowMethods = allowMethods == null ? List.of() : List.copyOf(allowMethods);
            allowHeaders = allowHeaders == null ? List.of() : List.copyOf(allowHeaders);
            exposeHeaders = exposeHeaders == null ? List.of() : List.copyOf(exposeHeaders);
        }
    }

    /** The integration a route targets, if it targets one of this API's. */
    public Optional<Integration> integrationOf(Route route) {
        if (route.target() == null || !route.target().startsWith("integrations/")) {
            return Optional.empty();
        }
        String id = route.target().substring("integrations/".length());
        return integrations.stream().filter(i -> i.integrationId().equals(id)).findFirst();
    }
}
