package dev.lamina.apigateway.rest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A REST API (API Gateway v1) as the node keeps it: its resource tree with methods and Lambda proxy
 * integrations, the deployments (each a snapshot of the tree) and the stages serving them. Stored
 * whole as one JSON document; immutable, each change a new value.
 *
 * @param rootResourceId the id of the resource {@code /}, made with the API
 * @param resources every resource, the root first, each after its parent
 */
public record RestApi(
        String id,
        String name,
        String description,
        long createdMillis,
        String rootResourceId,
        List<Resource> resources,
        List<Deployment> deployments,
        List<Stage> stages) {
    public RestApi {
        resources = List.copyOf(resources);
        deployments = List.copyOf(deployments);
        stages = List.copyOf(stages);
    }

    /**
     * One resource of the tree.
     *
     * @param parentId {@code null} for the root
     * @param pathPart {@code null} for the root, else one segment: a literal, {@code {id}} or {@code {proxy+}}
     * @param path the whole path, {@code /} for the root
     * @param methods by HTTP method (or {@code ANY})
     */
    public record Resource(String id, String parentId, String pathPart, String path, Map<String, Method> methods) {
        public Resource {
            methods = Map.copyOf(methods);
        }
    }

    /** A method of a resource; {@code integration} is {@code null} until PutIntegration. */
    public record Method(
            String httpMethod, String authorizationType, boolean apiKeyRequired, Integration integration) {}

    /**
     * A method's integration: AWS_PROXY to a Lambda function.
     *
     * @param httpMethod the method API Gateway calls the integration with (POST for Lambda)
     * @param uri {@code arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations}
     */
    public record Integration(String type, String httpMethod, String uri, int timeoutMillis) {}

    /** A deployment: the resources as they were when it was made, which the stages naming it serve. */
    public record Deployment(String id, String description, long createdMillis, List<Resource> resources) {
        public Deployment {
            resources = List.copyOf(resources);
        }
    }

    /** A stage: the name requests address first in their path, the deployment it serves and its variables. */
    public record Stage(
            String stageName,
            String deploymentId,
            String description,
            Map<String, String> variables,
            long createdMillis,
            long lastUpdatedMillis) {
        public Stage {
            variables = Map.copyOf(variables);
        }
    }

    public Optional<Resource> resource(String resourceId) {
        return resources.stream().filter(r -> r.id().equals(resourceId)).findFirst();
    }

    public Optional<Stage> stage(String stageName) {
        return stages.stream().filter(s -> s.stageName().equals(stageName)).findFirst();
    }

    public Optional<Deployment> deployment(String deploymentId) {
        return deployments.stream().filter(d -> d.id().equals(deploymentId)).findFirst();
    }

    RestApi withResources(List<Resource> changed) {
        return new RestApi(id, name, description, createdMillis, rootResourceId, changed, deployments, stages);
    }

    RestApi withDeployments(List<Deployment> changed) {
        return new RestApi(id, name, description, createdMillis, rootResourceId, resources, changed, stages);
    }

    RestApi withStages(List<Stage> changed) {
        return new RestApi(id, name, description, createdMillis, rootResourceId, resources, deployments, changed);
    }
}
