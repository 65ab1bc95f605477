package dev.lamina.apigateway.http;

import dev.lamina.core.AwsException;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The stages and deployments of the node's HTTP APIs, changed through {@link Apis} (one change of an
 * API at a time, committed before it is served). A deployment is a copy of the API's routes,
 * integrations and authorizers inside the API's own document, so it lasts as long as the API does.
 * Thread-safe.
 */
public final class Stages {
    private final Apis apis;
    private final InstantSource clock;

    public Stages(Apis apis, InstantSource clock) {
        this.apis = apis;
        this.clock = clock;
    }

    /**
     * Adds a stage with what {@code spec} gives (a stage without auto-deploy serves nothing until it has
     * a deployment).
     *
     * @throws AwsException BadRequestException for a malformed name or what {@link StageSpec} refuses,
     *     ConflictException when the API has it; nothing is stored then
     */
    public HttpApi.Stage createStage(String apiId, String name, StageSpec spec) {
        if (name == null || !(name.equals("$default") || name.matches("[A-Za-z0-9_-]{1,128}"))) {
            throw Apis.badRequest(
                    "Invalid stage name " + name + ": it is $default or 1 to 128 letters, digits, - and _.");
        }
        long now = clock.millis();
        HttpApi changed = apis.change(apiId, api -> {
            if (api.stages().stream().anyMatch(s -> s.name().equals(name))) {
                throw new AwsException(409, "ConflictException", "Stage " + name + " already exists");
            }
            HttpApi.Stage stage = spec.applyTo(api, new HttpApi.Stage(name, false, now, Map.of()), now);
            return api.with(api.routes(), api.integrations(), Apis.plus(api.stages(), stage));
        });
        return stage(changed, name);
    }

    /**
     * Changes a stage as {@code spec} says: with a deployment id, a stage without auto-deploy serves
     * that deployment from the next request on.
     *
     * @throws AwsException NotFoundException when the API, the stage or the deployment is not there,
     *     BadRequestException for what {@link StageSpec} refuses; nothing changes then
     */
    public HttpApi.Stage updateStage(String apiId, String name, StageSpec spec) {
        HttpApi changed = apis.change(apiId, api -> {
            HttpApi.Stage old = stage(api, name);
            HttpApi.Stage stage = spec.applyTo(api, old, clock.millis());
            return api.with(
                    api.routes(),
                    api.integrations(),
                    api.stages().stream()
                            .map(s -> s.name().equals(name) ? stage : s)
                            .toList());
        });
        return stage(changed, name);
    }

    /**
     * Makes a deployment of the API's routes, integrations and authorizers as they are now, and with a
     * stage name has that stage serve it.
     *
     * @throws AwsException NotFoundException when the API or the stage is not there, BadRequestException
     *     when the API has no routes or the stage deploys automatically; nothing is stored then
     */
    public HttpApi.Deployment createDeployment(String apiId, String description, String stageName) {
        long now = clock.millis();
        String deploymentId = apis.id(6);
        HttpApi changed = apis.change(apiId, api -> {
            if (api.routes().isEmpty()) {
                throw Apis.badRequest("Unable to deploy API because no routes exist in this API");
            }
            HttpApi.Deployment deployment = new HttpApi.Deployment(
                    deploymentId, description, now, api.routes(), api.integrations(), api.authorizers());
            HttpApi deployed = api.withDeployments(Apis.plus(api.deployments(), deployment), api.stages());
            if (stageName == null) {
                return deployed;
            }
            HttpApi.Stage stage = stage(api, stageName);
            if (stage.autoDeploy()) {
                throw Apis.badRequest("Stage " + stageName
                        + " deploys automatically (AutoDeploy); a deployment cannot be made to it.");
            }
            HttpApi.Stage serving = StageSpec.deploying(deploymentId).applyTo(deployed, stage, now);
            return deployed.withDeployments(
                    deployed.deployments(),
                    api.stages().stream()
                            .map(s -> s.name().equals(stageName) ? serving : s)
                            .toList());
        });
        return deployment(changed, deploymentId);
    }

    /** @throws AwsException NotFoundException when the API or the deployment is not there */
    public HttpApi.Deployment deployment(String apiId, String deploymentId) {
        return deployment(apis.get(apiId), deploymentId);
    }

    static HttpApi.Deployment deployment(HttpApi api, String deploymentId) {
        return api.deployment(deploymentId)
                .orElseThrow(
                        () -> Apis.notFound("Deployment", "Invalid Deployment identifier specified " + deploymentId));
    }

    /**
     * Deletes a deployment no stage serves.
     *
     * @throws AwsException NotFoundException when the API or the deployment is not there,
     *     BadRequestException while a stage serves it
     */
    public void deleteDeployment(String apiId, String deploymentId) {
        apis.change(apiId, api -> {
            deployment(api, deploymentId);
            if (api.stages().stream().anyMatch(s -> deploymentId.equals(s.deploymentId()))) {
                throw Apis.badRequest("Active stages pointing to this deployment must be moved or deleted");
            }
            return api.withDeployments(
                    api.deployments().stream()
                            .filter(d -> !d.deploymentId().equals(deploymentId))
                            .toList(),
                    api.stages());
        });
    }

    /** @throws AwsException NotFoundException when the API or the stage is not there */
    public HttpApi.Stage stage(String apiId, String name) {
        return stage(apis.get(apiId), name);
    }

    private static HttpApi.Stage stage(HttpApi api, String name) {
        return Apis.one(api.stages(), st -> st.name().equals(name), "Stage", name);
    }

    /** @throws AwsException NotFoundException when the API or the stage is not there */
    public void deleteStage(String apiId, String name) {
        apis.change(apiId, api -> {
            List<HttpApi.Stage> stages =
                    api.stages().stream().filter(st -> !st.name().equals(name)).toList();
            if (stages.size() == api.stages().size()) {
                throw Apis.notFound("Stage", "Invalid stage identifier specified " + name);
            }
            return api.with(api.routes(), api.integrations(), stages);
        });
    }
}
