package dev.lamina.apigateway.http;

import dev.lamina.core.AwsException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What CreateStage and UpdateStage ask of a stage; each {@code null} keeps what the stage has.
 *
 * @param deploymentId the deployment a stage without auto-deploy is to serve
 * @param variables its stage variables, whole (they replace the stage's)
 * @param defaultRouteSettings the settings of every route {@code routeSettings} does not name, whole
 * @param routeSettings per route key of the API, settings that replace those the stage has for that key
 */
public record StageSpec(
        String description,
        Boolean autoDeploy,
        String deploymentId,
        Map<String, String> variables,
        HttpApi.RouteSettings defaultRouteSettings,
        Map<String, HttpApi.RouteSettings> routeSettings) {

    /** A change that only has a stage serve the deployment {@code deploymentId}. */
    static StageSpec deploying(String deploymentId) {
        return new StageSpec(null, null, deploymentId, null, null, null);
    }

    /**
     * {@code stage} of {@code api} changed as this asks, last updated at {@code nowMillis}.
     *
     * @throws AwsException NotFoundException for a deployment the API does not have or route settings
     *     for a route key it does not have (as API Gateway answers); BadRequestException for a deployment
     *     given to a stage that deploys automatically or a negative throttling limit
     */
    HttpApi.Stage applyTo(HttpApi api, HttpApi.Stage stage, long nowMillis) {
        boolean auto = autoDeploy != null ? autoDeploy : stage.autoDeploy();
        if (deploymentId != null) {
            Stages.deployment(api, deploymentId);
            if (auto) {
                throw Apis.badRequest("A DeploymentId cannot be given to a stage with AutoDeploy enabled.");
            }
        }
        Map<String, HttpApi.RouteSettings> settings = new LinkedHashMap<>(stage.routeSettings());
        if (routeSettings != null) {
            routeSettings.forEach((key, value) -> {
                if (api.routes().stream().noneMatch(r -> r.routeKey().equals(key))) {
                    throw Apis.notFound(
                            "Route", "Unable to find Route by key " + key + " within the provided RouteSettings");
                }
                settings.put(key, checked(value));
            });
        }
        return new HttpApi.Stage(
                stage.name(),
                auto,
                stage.createdMillis(),
                variables != null ? variables : stage.variables(),
                description != null ? description : stage.description(),
                deploymentId != null ? deploymentId : stage.deploymentId(),
                defaultRouteSettings != null ? checked(defaultRouteSettings) : stage.defaultRouteSettings(),
                settings,
                nowMillis);
    }

    private static HttpApi.RouteSettings checked(HttpApi.RouteSettings settings) {
        if (settings.throttlingBurstLimit() != null && settings.throttlingBurstLimit() < 0) {
            throw Apis.badRequest("ThrottlingBurstLimit must be 0 or more.");
        }
        Double rate = settings.throttlingRateLimit();
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw Apis.badRequest("ThrottlingRateLimit must be 0 or more.");
        }
        return settings;
    }
}
