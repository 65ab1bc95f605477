package dev.lamina.cloudformation.template;

import static dev.lamina.cloudformation.template.SamHttpApi.permission;
import static dev.lamina.cloudformation.template.SamTransform.copy;
import static dev.lamina.cloudformation.template.SamTransform.getAtt;
import static dev.lamina.cloudformation.template.SamTransform.invalid;
import static dev.lamina.cloudformation.template.SamTransform.invokedArn;
import static dev.lamina.cloudformation.template.SamTransform.ref;
import static dev.lamina.cloudformation.template.SamTransform.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SAM's REST APIs as {@code AWS::ApiGateway::*} resources: an {@code AWS::Serverless::Api} (or, for
 * {@code Api} events that name none, the implicit {@value #REST_API} with its stage {@code Prod})
 * becomes a {@code RestApi} under its logical id; each event adds the {@code Resource}s of its path
 * that the API lacks ({@code <Api><Path>Resource}), a {@code Method} {@code <Api><Path><METHOD>Method}
 * with its Lambda proxy integration, and the permission {@code <Id><Event>Permission} for API Gateway
 * to invoke the function. Once every event is in, {@link #deploy} adds to each API a
 * {@code Deployment} {@code <Api>Deployment<hash>} (the hash of its methods, so a changed API gets a
 * new deployment, as SAM's does) and the {@code Stage} {@code <Api><StageName>Stage} serving it. SAM
 * writes the API into an OpenAPI body; the node makes the resources that body stands for, so
 * {@code DefinitionBody} and {@code DefinitionUri} are refused. Pure.
 */
final class SamRestApi {
    /** The REST API SAM makes for the Api events of functions that name none. */
    static final String REST_API = "ServerlessRestApi";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SamRestApi() {}

    /** An {@code AWS::Serverless::Api} {@code id} with properties {@code p}. */
    static void api(String id, JsonNode body, ObjectNode p, ObjectNode resources) {
        for (String unsupported : new String[] {"DefinitionBody", "DefinitionUri", "Domain", "Auth", "Cors"}) {
            if (p.has(unsupported)) {
                throw invalid(
                        id,
                        "Property '" + unsupported + "' is not supported by this node: it makes a REST API from"
                                + " the functions' Api events.");
            }
        }
        if (!p.path("StageName").isTextual()) {
            throw invalid(id, "Missing required property 'StageName'.");
        }
        ObjectNode api = NODES.objectNode().set("Name", p.has("Name") ? p.get("Name") : ref("AWS::StackName"));
        copy(p, api, "Description");
        resources.set(id, resource(body, "AWS::ApiGateway::RestApi", api));
    }

    /**
     * An {@code Api} event: on the API its {@code RestApiId} names ({@code Ref} to an
     * {@code AWS::Serverless::Api} of the template) or on the implicit {@value #REST_API}, the
     * resources of its {@code Path}, its {@code Method} ({@code any} for every method) and the permission.
     */
    static void event(String function, String alias, String id, JsonNode p, JsonNode declared, ObjectNode resources) {
        String event = id.substring(function.length());
        String apiId = REST_API;
        if (p.has("RestApiId")) {
            apiId = p.path("RestApiId").path("Ref").asText(null);
            if (apiId == null || !declared.path(apiId).path("Type").asText().equals("AWS::Serverless::Api")) {
                throw invalid(
                        function,
                        "Event with id [" + event + "] is invalid. RestApiId must be a valid reference to an"
                                + " 'AWS::Serverless::Api' resource in same template.");
            }
        } else if (!resources.has(REST_API)) {
            ObjectNode api = NODES.objectNode().set("Name", ref("AWS::StackName"));
            resources.set(REST_API, resource(null, "AWS::ApiGateway::RestApi", api));
        }
        String path = p.path("Path").asText("");
        String method = p.path("Method").asText("").toUpperCase(Locale.ROOT);
        if (!path.startsWith("/") || method.isEmpty()) {
            throw invalid(
                    function,
                    "Event with id [" + event + "] is invalid. Api events need a Path starting with '/' and a"
                            + " Method.");
        }
        if (method.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            method = "ANY";
        }
        JsonNode parent = getAtt(apiId, "RootResourceId");
        StringBuilder name = new StringBuilder(apiId);
        for (String part : path.substring(1).split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            name.append(part.replaceAll("[^A-Za-z0-9]", ""));
            String resourceId = name + "Resource";
            if (!resources.has(resourceId)) {
                ObjectNode made = NODES.objectNode().set("RestApiId", ref(apiId));
                made.set("ParentId", parent);
                made.put("PathPart", part);
                resources.set(resourceId, resource(null, "AWS::ApiGateway::Resource", made));
            }
            parent = ref(resourceId);
        }
        String methodId = (name.length() == apiId.length() ? apiId + "Root" : name.toString()) + method.charAt(0)
                + method.substring(1).toLowerCase(Locale.ROOT) + "Method";
        if (resources.has(methodId)) {
            throw invalid(
                    function,
                    "Event with id [" + event + "] is invalid. Another Api event already routes " + method + " " + path
                            + ".");
        }
        ObjectNode made = NODES.objectNode().set("RestApiId", ref(apiId));
        made.set("ResourceId", parent);
        made.put("HttpMethod", method).put("AuthorizationType", "NONE");
        ObjectNode integration = made.putObject("Integration");
        integration.put("Type", "AWS_PROXY").put("IntegrationHttpMethod", "POST");
        ArrayNode uri =
                integration.putObject("Uri").putArray("Fn::Join").add("").addArray();
        uri.add("arn:aws:apigateway:")
                .add(ref("AWS::Region"))
                .add(":lambda:path/2015-03-31/functions/")
                .add(invokedArn(function, alias))
                .add("/invocations");
        resources.set(methodId, resource(null, "AWS::ApiGateway::Method", made));
        resources.set(id + "Permission", permission(function, alias, apiId));
    }

    /**
     * The deployment and stage of each REST API SAM made ({@code declared}'s {@code AWS::Serverless::Api}s
     * with their {@code StageName} and {@code Variables}, and {@value #REST_API} with {@code Prod}),
     * once {@code resources} holds all their methods. An API without methods gets neither, as API
     * Gateway would refuse its deployment.
     */
    static void deploy(JsonNode declared, ObjectNode resources) {
        List<String> apis = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : declared.properties()) {
            if (e.getValue().path("Type").asText().equals("AWS::Serverless::Api")) {
                apis.add(e.getKey());
            }
        }
        if (resources.has(REST_API) && !declared.has(REST_API)) {
            apis.add(REST_API);
        }
        for (String api : apis) {
            JsonNode props = declared.path(api).path("Properties");
            ObjectNode methods = NODES.objectNode();
            ArrayNode dependsOn = NODES.arrayNode();
            for (Map.Entry<String, JsonNode> r : resources.properties()) {
                JsonNode body = r.getValue();
                if (body.path("Type").asText().equals("AWS::ApiGateway::Method")
                        && body.path("Properties").path("RestApiId").equals(ref(api))) {
                    methods.set(r.getKey(), body);
                    dependsOn.add(r.getKey());
                }
            }
            if (methods.isEmpty()) {
                continue;
            }
            String hash = SamTransform.hash(methods);
            String deploymentId = api + "Deployment" + hash;
            ObjectNode deployment = NODES.objectNode().set("RestApiId", ref(api));
            deployment.put("Description", "RestApi deployment id: " + hash);
            ObjectNode made = resource(null, "AWS::ApiGateway::Deployment", deployment);
            made.set("DependsOn", dependsOn);
            resources.set(deploymentId, made);
            String stageName = props.path("StageName").asText("Prod");
            ObjectNode stage = NODES.objectNode().set("RestApiId", ref(api));
            stage.set("DeploymentId", ref(deploymentId));
            stage.put("StageName", stageName);
            copy(props, stage, "Variables", "Description");
            resources.set(
                    api + stageName.replaceAll("[^A-Za-z0-9]", "") + "Stage",
                    resource(null, "AWS::ApiGateway::Stage", stage));
        }
    }
}
