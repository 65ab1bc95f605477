package dev.lamina.cloudformation.template;

import static dev.lamina.cloudformation.template.SamTransform.copy;
import static dev.lamina.cloudformation.template.SamTransform.invalid;
import static dev.lamina.cloudformation.template.SamTransform.invoked;
import static dev.lamina.cloudformation.template.SamTransform.invokedArn;
import static dev.lamina.cloudformation.template.SamTransform.ref;
import static dev.lamina.cloudformation.template.SamTransform.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * SAM's HTTP APIs as {@code AWS::ApiGatewayV2::*} resources: an {@code AWS::Serverless::HttpApi} (or,
 * for {@code HttpApi} events that name none, the implicit {@value #HTTP_API}) becomes an {@code Api}
 * under its logical id with its stage ({@code <Id>ApiGatewayDefaultStage} for {@code $default}, else
 * {@code <Id><StageName>Stage}) and, for each JWT authorizer of its {@code Auth},
 * an {@code Authorizer} {@code <Id><Name>Authorizer}; each event adds an integration
 * {@code <Id><Event>Integration}, a route {@code <Id><Event>Route} and the permission
 * {@code <Id><Event>Permission} for API Gateway to invoke the function. SAM writes the API's routes
 * into an OpenAPI body; the node makes the same API through the resources that body stands for, so
 * {@code DefinitionBody} and {@code DefinitionUri} are refused. Pure.
 */
final class SamHttpApi {
    /** The HTTP API SAM makes for the HttpApi events of functions that name none. */
    static final String HTTP_API = "ServerlessHttpApi";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SamHttpApi() {}

    /** An {@code AWS::Serverless::HttpApi} {@code id} with properties {@code p}. */
    static void api(String id, JsonNode body, ObjectNode p, ObjectNode resources) {
        for (String unsupported : new String[] {"DefinitionBody", "DefinitionUri", "Domain"}) {
            if (p.has(unsupported)) {
                throw invalid(
                        id,
                        "Property '" + unsupported + "' is not supported by this node: it makes an HTTP API from"
                                + " the functions' HttpApi events.");
            }
        }
        ObjectNode api = NODES.objectNode().set("Name", p.has("Name") ? p.get("Name") : ref("AWS::StackName"));
        api.put("ProtocolType", "HTTP");
        copy(p, api, "Description");
        JsonNode cors = p.get("CorsConfiguration");
        if (cors != null && cors.isBoolean()) {
            if (cors.asBoolean()) {
                api.putObject("CorsConfiguration").putArray("AllowOrigins").add("*");
            }
        } else if (cors != null) {
            api.set("CorsConfiguration", cors);
        }
        resources.set(id, resource(body, "AWS::ApiGatewayV2::Api", api));
        String stageName = p.path("StageName").asText("$default");
        ObjectNode stage = NODES.objectNode().set("ApiId", ref(id));
        stage.put("StageName", stageName).put("AutoDeploy", true);
        copy(p, stage, "StageVariables");
        String stageId = stageName.equals("$default")
                ? id + "ApiGatewayDefaultStage"
                : id + stageName.replaceAll("[^A-Za-z0-9]", "") + "Stage";
        resources.set(stageId, resource(null, "AWS::ApiGatewayV2::Stage", stage));
        for (Map.Entry<String, JsonNode> e : p.path("Auth").path("Authorizers").properties()) {
            JsonNode authorizer = e.getValue();
            if (!authorizer.has("JwtConfiguration")) {
                throw invalid(
                        id,
                        "Authorizer " + e.getKey() + " is not supported by this node: it runs JWT authorizers"
                                + " (JwtConfiguration) only.");
            }
            ObjectNode made = NODES.objectNode().set("ApiId", ref(id));
            made.put("Name", e.getKey()).put("AuthorizerType", "JWT");
            JsonNode source = authorizer.path("IdentitySource");
            made.putArray("IdentitySource")
                    .add(source.isMissingNode() ? NODES.textNode("$request.header.Authorization") : source);
            JsonNode jwt = authorizer.get("JwtConfiguration");
            ObjectNode config = made.putObject("JwtConfiguration");
            config.set("Issuer", jwt.has("issuer") ? jwt.get("issuer") : jwt.get("Issuer"));
            config.set("Audience", jwt.has("audience") ? jwt.get("audience") : jwt.get("Audience"));
            resources.set(id + e.getKey() + "Authorizer", resource(null, "AWS::ApiGatewayV2::Authorizer", made));
        }
    }

    /**
     * An {@code HttpApi} event: on the API its {@code ApiId} names ({@code Ref} to an
     * {@code AWS::Serverless::HttpApi} of the template) or on the implicit {@value #HTTP_API} with its
     * {@code $default} stage (made once), an integration, a route ({@code METHOD /path}, or
     * {@code $default} without a path; with the API's or the event's JWT authorizer) and the permission.
     */
    static void event(String function, String alias, String id, JsonNode p, JsonNode declared, ObjectNode resources) {
        String event = id.substring(function.length());
        String apiId = HTTP_API;
        JsonNode auth = NODES.objectNode();
        if (p.has("ApiId")) {
            apiId = p.path("ApiId").path("Ref").asText(null);
            if (apiId == null || !declared.path(apiId).path("Type").asText().equals("AWS::Serverless::HttpApi")) {
                throw invalid(
                        function,
                        "Event with id [" + event + "] is invalid. ApiId must be a valid reference to an"
                                + " 'AWS::Serverless::HttpApi' resource in same template.");
            }
            auth = declared.path(apiId).path("Properties").path("Auth");
        } else if (!resources.has(HTTP_API)) {
            ObjectNode api = NODES.objectNode().set("Name", ref("AWS::StackName"));
            api.put("ProtocolType", "HTTP");
            resources.set(HTTP_API, resource(null, "AWS::ApiGatewayV2::Api", api));
            ObjectNode stage = NODES.objectNode().set("ApiId", ref(HTTP_API));
            stage.put("StageName", "$default").put("AutoDeploy", true);
            resources.set(HTTP_API + "ApiGatewayDefaultStage", resource(null, "AWS::ApiGatewayV2::Stage", stage));
        }
        ObjectNode integration = NODES.objectNode().set("ApiId", ref(apiId));
        integration.put("IntegrationType", "AWS_PROXY");
        integration.set("IntegrationUri", invokedArn(function, alias));
        integration.put("PayloadFormatVersion", p.path("PayloadFormatVersion").asText("2.0"));
        copy(p, integration, "TimeoutInMillis");
        resources.set(id + "Integration", resource(null, "AWS::ApiGatewayV2::Integration", integration));
        String routeKey = p.has("Path")
                ? p.path("Method")
                                .asText("ANY")
                                .toUpperCase(Locale.ROOT)
                                .replace("X-AMAZON-APIGATEWAY-ANY-METHOD", "ANY")
                        + " " + p.get("Path").asText()
                : "$default";
        ObjectNode route = NODES.objectNode().set("ApiId", ref(apiId));
        route.put("RouteKey", routeKey);
        route.set("Target", NODES.objectNode().set("Fn::Sub", NODES.textNode("integrations/${" + id + "Integration}")));
        authorize(function, event, apiId, auth, p.path("Auth"), route);
        resources.set(id + "Route", resource(null, "AWS::ApiGatewayV2::Route", route));
        resources.set(id + "Permission", permission(function, alias, apiId));
    }

    /** The permission for API Gateway to invoke what an event of API {@code apiId} (HTTP or REST) invokes. */
    static ObjectNode permission(String function, String alias, String apiId) {
        ObjectNode permission = NODES.objectNode().put("Action", "lambda:InvokeFunction");
        permission.set("FunctionName", invoked(function, alias));
        permission.put("Principal", "apigateway.amazonaws.com");
        permission.set(
                "SourceArn",
                NODES.objectNode()
                        .put(
                                "Fn::Sub",
                                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + apiId
                                        + "}/*"));
        return resource(null, "AWS::Lambda::Permission", permission);
    }

    /**
     * The route's authorizer: the event's {@code Auth.Authorizer}, else the API's
     * {@code DefaultAuthorizer}; {@code NONE} or neither leaves the route open.
     */
    private static void authorize(
            String function, String event, String apiId, JsonNode apiAuth, JsonNode eventAuth, ObjectNode route) {
        String name = eventAuth
                .path("Authorizer")
                .asText(apiAuth.path("DefaultAuthorizer").asText("NONE"));
        if (name.equals("NONE")) {
            return;
        }
        if (!apiAuth.path("Authorizers").has(name)) {
            throw invalid(
                    function,
                    "Event with id [" + event + "] is invalid. Unable to set Authorizer [" + name + "] on API method"
                            + " because the related API does not define any Authorizers named " + name + ".");
        }
        route.put("AuthorizationType", "JWT");
        route.set("AuthorizerId", ref(apiId + name + "Authorizer"));
        copy(eventAuth, route, "AuthorizationScopes");
    }
}
