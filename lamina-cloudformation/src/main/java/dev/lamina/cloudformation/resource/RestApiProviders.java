package dev.lamina.cloudformation.resource;

import static dev.lamina.cloudformation.resource.HttpApiProviders.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code AWS::ApiGateway::*} types of a REST API through API Gateway's v1 API (rest-json, signed
 * for {@code apigateway}, paths under {@code /restapis}): {@code RestApi} (Ref its id; attribute
 * {@code RootResourceId}), {@code Resource} (Ref its id), {@code Method} with its Lambda proxy
 * {@code Integration} (PutMethod then PutIntegration; Ref a made-up id, as CloudFormation's), {@code
 * Deployment} (Ref its id) and {@code Stage} (Ref its name; its deployment, variables and description
 * change in place with UpdateStage). Any other change needs a new resource.
 */
final class RestApiProviders {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String APIS = "/restapis";

    private RestApiProviders() {}

    private static String api(JsonNode p) {
        return APIS + "/" + ServiceCalls.encode(p.path("RestApiId").asText());
    }

    static final class RestApi implements ResourceProvider {
        private final ServiceCalls calls;

        RestApi(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            ObjectNode in = camel(request.properties(), "Name", "Description");
            if (!in.has("name")) {
                in.put("name", request.stackName() + "-" + request.logicalId());
            }
            JsonNode out = calls.rest("apigateway", "POST", APIS, in);
            String id = out.path("id").asText();
            return new Made(
                    id,
                    Map.of(
                            "RestApiId",
                            id,
                            "RootResourceId",
                            out.path("rootResourceId").asText()));
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent("apigateway", APIS + "/" + ServiceCalls.encode(resource.physicalId()));
        }
    }

    static final class Resource implements ResourceProvider {
        private final ServiceCalls calls;

        Resource(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            String id = calls.rest(
                            "apigateway",
                            "POST",
                            api(p) + "/resources/"
                                    + ServiceCalls.encode(p.path("ParentId").asText()),
                            camel(p, "PathPart"))
                    .path("id")
                    .asText();
            return new Made(id, Map.of("ResourceId", id));
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent(
                    "apigateway",
                    api(resource.properties()) + "/resources/" + ServiceCalls.encode(resource.physicalId()));
        }
    }

    /** A method and its integration; its physical id is {@code <resource id>/<method>}, as nothing else names it. */
    static final class Method implements ResourceProvider {
        private final ServiceCalls calls;

        Method(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            String resourceId = p.path("ResourceId").asText();
            String method = p.path("HttpMethod").asText();
            String path = api(p) + "/resources/" + ServiceCalls.encode(resourceId) + "/methods/"
                    + ServiceCalls.encode(method);
            ObjectNode in = camel(p, "AuthorizationType");
            if (!in.has("authorizationType")) {
                in.put("authorizationType", "NONE");
            }
            calls.rest("apigateway", "PUT", path, in);
            JsonNode integration = p.get("Integration");
            if (integration != null) {
                ObjectNode wanted = camel(integration, "Type", "Uri", "TimeoutInMillis");
                wanted.set("httpMethod", integration.get("IntegrationHttpMethod"));
                ResourceProvider.finishOrRemove(
                        () -> calls.rest("apigateway", "PUT", path + "/integration", wanted),
                        () -> calls.rest("apigateway", "DELETE", path, null));
            }
            return new Made(resourceId + "/" + method, Map.of());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent(
                    "apigateway",
                    api(resource.properties()) + "/resources/"
                            + ServiceCalls.encode(
                                    resource.properties().path("ResourceId").asText())
                            + "/methods/"
                            + ServiceCalls.encode(
                                    resource.properties().path("HttpMethod").asText()));
        }
    }

    static final class Deployment implements ResourceProvider {
        private final ServiceCalls calls;

        Deployment(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            String id = calls.rest("apigateway", "POST", api(p) + "/deployments", camel(p, "Description", "StageName"))
                    .path("id")
                    .asText();
            return new Made(id, Map.of("DeploymentId", id));
        }

        /**
         * The stage its {@code StageName} made goes with it, while that stage still serves it: API
         * Gateway refuses to delete a deployment a stage points at.
         */
        @Override
        public void delete(StackResource resource) throws Exception {
            JsonNode p = resource.properties();
            if (p.hasNonNull("StageName")) {
                String stage = api(p) + "/stages/"
                        + ServiceCalls.encode(p.get("StageName").asText());
                try {
                    if (calls.rest("apigateway", "GET", stage, null)
                            .path("deploymentId")
                            .asText()
                            .equals(resource.physicalId())) {
                        calls.deleteIfPresent("apigateway", stage);
                    }
                } catch (AwsException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                }
            }
            calls.deleteIfPresent("apigateway", api(p) + "/deployments/" + ServiceCalls.encode(resource.physicalId()));
        }
    }

    static final class Stage implements ResourceProvider {
        private final ServiceCalls calls;

        Stage(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            ObjectNode in = camel(p, "StageName", "DeploymentId", "Description", "Variables");
            String name = calls.rest("apigateway", "POST", api(p) + "/stages", in)
                    .path("stageName")
                    .asText();
            return new Made(name, Map.of());
        }

        /** A new deployment, variables or description change the stage in place; a new name or API needs a new one. */
        @Override
        public Made update(Request request, StackResource current) throws Exception {
            JsonNode p = request.properties();
            JsonNode before = current.properties();
            for (String member : new String[] {"RestApiId", "StageName"}) {
                if (!Objects.equals(before.get(member), p.get(member))) {
                    return null;
                }
            }
            var ops = NODES.arrayNode();
            ops.addObject()
                    .put("op", "replace")
                    .put("path", "/deploymentId")
                    .put("value", p.path("DeploymentId").asText());
            ops.addObject()
                    .put("op", "replace")
                    .put("path", "/description")
                    .put("value", p.path("Description").asText(""));
            before.path("Variables").properties().forEach(e -> {
                if (!p.path("Variables").has(e.getKey())) {
                    ops.addObject().put("op", "remove").put("path", "/variables/" + e.getKey());
                }
            });
            p.path("Variables")
                    .properties()
                    .forEach(e -> ops.addObject()
                            .put("op", "replace")
                            .put("path", "/variables/" + e.getKey())
                            .put("value", e.getValue().asText()));
            calls.rest(
                    "apigateway",
                    "PATCH",
                    api(p) + "/stages/" + ServiceCalls.encode(current.physicalId()),
                    NODES.objectNode().set("patchOperations", ops));
            return new Made(current.physicalId(), current.attributes());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent(
                    "apigateway", api(resource.properties()) + "/stages/" + ServiceCalls.encode(resource.physicalId()));
        }
    }
}
