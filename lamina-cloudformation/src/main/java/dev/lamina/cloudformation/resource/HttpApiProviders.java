package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.cloudformation.stack.StackResource;
import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * The {@code AWS::ApiGatewayV2::*} types of an HTTP API through API Gateway's own API (rest-json,
 * signed for {@code apigateway}, members in camel case where the template's are in Pascal case):
 * {@code Api} (Ref the API id; attributes {@code ApiId}, {@code ApiEndpoint}; name, description and
 * CORS change in place), {@code Integration} (Ref its id), {@code Route} (Ref its id), {@code Stage}
 * (Ref its name) and {@code Authorizer} (Ref its id). Any other change needs a new resource. An integration a route still targets (one being replaced in the same update) is left to go
 * with its API, as DeleteIntegration refuses it while routes target it.
 */
final class HttpApiProviders {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String APIS = "/v2/apis";

    private HttpApiProviders() {}

    /** The template's members {@code names} (Pascal case) as the API's (camel case). */
    static ObjectNode camel(JsonNode p, String... names) {
        ObjectNode out = NODES.objectNode();
        for (String name : names) {
            if (p.has(name)) {
                out.set(Character.toLowerCase(name.charAt(0)) + name.substring(1), p.get(name));
            }
        }
        return out;
    }

    /** {@code value} with the names of its members, at every depth, in camel case (a CORS or JWT configuration). */
    private static JsonNode camelDeep(JsonNode value) {
        if (!value.isObject()) {
            return value;
        }
        ObjectNode out = NODES.objectNode();
        value.properties()
                .forEach(e -> out.set(
                        Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1),
                        camelDeep(e.getValue())));
        return out;
    }

    private static String api(JsonNode p) {
        return APIS + "/" + ServiceCalls.encode(p.path("ApiId").asText());
    }

    static final class Api implements ResourceProvider {
        private final ServiceCalls calls;

        Api(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            ObjectNode in = settings(request, "Name", "ProtocolType", "Description", "Target", "RouteKey");
            JsonNode out = calls.rest("apigateway", "POST", APIS, in);
            String id = out.path("apiId").asText();
            return new Made(
                    id,
                    Map.of("ApiId", id, "ApiEndpoint", out.path("apiEndpoint").asText()));
        }

        /** Name, description and CORS change in place (UpdateApi, DeleteCorsConfiguration); the rest needs a new API. */
        @Override
        public Made update(Request request, StackResource current) throws Exception {
            JsonNode p = request.properties();
            JsonNode before = current.properties();
            for (String member : new String[] {"ProtocolType", "Target", "RouteKey"}) {
                if (!java.util.Objects.equals(before.get(member), p.get(member))) {
                    return null;
                }
            }
            String path = APIS + "/" + ServiceCalls.encode(current.physicalId());
            calls.rest("apigateway", "PATCH", path, settings(request, "Name", "Description"));
            if (!p.has("CorsConfiguration") && before.has("CorsConfiguration")) {
                calls.rest("apigateway", "DELETE", path + "/cors", null);
            }
            return new Made(current.physicalId(), current.attributes());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent("apigateway", APIS + "/" + resource.physicalId());
        }

        /** The API's {@code members} and CORS as the API takes them, named after the stack and resource when unnamed. */
        private static ObjectNode settings(Request request, String... members) {
            ObjectNode in = camel(request.properties(), members);
            if (!in.has("name")) {
                in.put("name", request.stackName() + "-" + request.logicalId());
            }
            if (request.properties().has("CorsConfiguration")) {
                in.set("corsConfiguration", camelDeep(request.properties().get("CorsConfiguration")));
            }
            return in;
        }
    }

    static final class Integration implements ResourceProvider {
        private final ServiceCalls calls;

        Integration(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            ObjectNode in = camel(p, "IntegrationType", "IntegrationUri", "PayloadFormatVersion", "TimeoutInMillis");
            String id = calls.rest("apigateway", "POST", api(p) + "/integrations", in)
                    .path("integrationId")
                    .asText();
            return new Made(id, Map.of());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            try {
                calls.deleteIfPresent(
                        "apigateway", api(resource.properties()) + "/integrations/" + resource.physicalId());
            } catch (AwsException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
    }

    static final class Route implements ResourceProvider {
        private final ServiceCalls calls;

        Route(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            ObjectNode in = camel(p, "RouteKey", "Target", "AuthorizationType", "AuthorizerId", "AuthorizationScopes");
            String id = calls.rest("apigateway", "POST", api(p) + "/routes", in)
                    .path("routeId")
                    .asText();
            return new Made(id, Map.of());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent("apigateway", api(resource.properties()) + "/routes/" + resource.physicalId());
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
            String name = calls.rest(
                            "apigateway",
                            "POST",
                            api(p) + "/stages",
                            camel(p, "StageName", "AutoDeploy", "StageVariables"))
                    .path("stageName")
                    .asText();
            return new Made(name, Map.of());
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent(
                    "apigateway", api(resource.properties()) + "/stages/" + ServiceCalls.encode(resource.physicalId()));
        }
    }

    /** {@code AWS::ApiGatewayV2::Authorizer} (Ref its id), JWT or REQUEST, through CreateAuthorizer. */
    static final class Authorizer implements ResourceProvider {
        private final ServiceCalls calls;

        Authorizer(ServiceCalls calls) {
            this.calls = calls;
        }

        @Override
        public Made create(Request request) throws Exception {
            JsonNode p = request.properties();
            ObjectNode in = camel(
                    p,
                    "Name",
                    "AuthorizerType",
                    "IdentitySource",
                    "AuthorizerUri",
                    "AuthorizerPayloadFormatVersion",
                    "AuthorizerResultTtlInSeconds",
                    "EnableSimpleResponses",
                    "IdentityValidationExpression");
            if (p.has("JwtConfiguration")) {
                in.set("jwtConfiguration", camelDeep(p.get("JwtConfiguration")));
            }
            String id = calls.rest("apigateway", "POST", api(p) + "/authorizers", in)
                    .path("authorizerId")
                    .asText();
            return new Made(id, Map.of("AuthorizerId", id));
        }

        @Override
        public void delete(StackResource resource) throws Exception {
            calls.deleteIfPresent("apigateway", api(resource.properties()) + "/authorizers/" + resource.physicalId());
        }
    }
}
