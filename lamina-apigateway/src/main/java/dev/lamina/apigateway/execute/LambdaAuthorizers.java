package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.apigateway.http.HttpApi;
import dev.lamina.edge.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Lambda (REQUEST) authorizers as API Gateway runs them for HTTP APIs: the identity a request brings
 * (the values its identity sources name; a request missing one is refused 401 without a call), the
 * event the function gets (the request's event of the authorizer's payload format, with {@code type},
 * {@code routeArn} or {@code methodArn} and {@code identitySource}, without the body), the reading of
 * its answer (a simple {@code isAuthorized}, or an IAM policy allowing {@code execute-api:Invoke} on
 * the route's ARN, where a Deny wins), and the answers kept per identity for the authorizer's TTL.
 * Thread-safe.
 */
final class LambdaAuthorizers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an authorizer decided, and what the integration's event carries of it. */
    record Decision(boolean allowed, ObjectNode context, String principalId) {}

    /** An authorizer's answer as the function gave it: a decision, or a policy to check per route. */
    record Answer(Boolean simple, JsonNode policy, ObjectNode context, String principalId) {
        Decision decide(String routeArn) {
            boolean allowed = simple != null ? simple : allows(policy, routeArn);
            return new Decision(allowed, context, principalId);
        }
    }

    /** The function's answer is not one API Gateway accepts: the caller gets a 500. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private record Kept(Answer answer, long untilMillis) {}

    private final InstantSource clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    LambdaAuthorizers(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * The values of the authorizer's identity sources in the request, in their order, or {@code null}
     * when one is missing or empty.
     *
     * @param contextValues what {@code $context.<name>} may name
     */
    static List<String> identity(
            HttpApi.Authorizer authorizer,
            HttpRequest request,
            Map<String, String> stageVariables,
            Map<String, String> contextValues) {
        List<String> values = new ArrayList<>();
        for (String source : authorizer.identitySource()) {
            int dot = source.lastIndexOf('.');
            String name = source.substring(dot + 1);
            String value = switch (source.substring(0, dot)) {
                case "$request.header" -> joined(request.headers().get(name.toLowerCase(Locale.ROOT)));
                case "$request.querystring" -> joined(request.query().get(name));
                case "$stageVariables" -> stageVariables.get(name);
                default -> contextValues.get(name);
            };
            if (value == null || value.isEmpty()) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    private static String joined(List<String> values) {
        return values == null ? null : String.join(",", values);
    }

    /** The answer kept for this identity, if the authorizer keeps answers and one is still fresh. */
    Answer kept(HttpApi api, HttpApi.Authorizer authorizer, List<String> identity) {
        if (authorizer.resultTtlSeconds() == 0) {
            return null;
        }
        Kept k = kept.get(key(api, authorizer, identity));
        return k != null && k.untilMillis() > clock.millis() ? k.answer() : null;
    }

    /** Keeps an answer for the authorizer's TTL. */
    void keep(HttpApi api, HttpApi.Authorizer authorizer, List<String> identity, Answer answer) {
        if (authorizer.resultTtlSeconds() > 0) {
            long now = clock.millis();
            kept.values().removeIf(k -> k.untilMillis() <= now); // expired answers do not pile up
            kept.put(key(api, authorizer, identity), new Kept(answer, now + authorizer.resultTtlSeconds() * 1000L));
        }
    }

    private static String key(HttpApi api, HttpApi.Authorizer authorizer, List<String> identity) {
        return api.apiId() + '\0' + authorizer.authorizerId() + '\0' + String.join("\0", identity);
    }

    /**
     * The authorizer's event: the request's event in the authorizer's payload format without its body,
     * and what an authorizer event adds.
     */
    static byte[] event(
            HttpApi.Authorizer authorizer,
            HttpRequest request,
            ProxyEvent.Context ctx,
            String routeArn,
            List<String> identity) {
        ObjectNode e;
        if (authorizer.payloadFormatVersion().equals("2.0")) {
            e = ProxyEvent.v2Node(request, ctx);
            e.put("type", "REQUEST");
            e.put("routeArn", routeArn);
            ArrayNode sources = e.putArray("identitySource");
            identity.forEach(sources::add);
        } else {
            e = ProxyEventV1.node(request, ctx);
            e.put("type", "REQUEST");
            e.put("methodArn", routeArn);
            e.put("identitySource", String.join(",", identity));
        }
        e.remove("body");
        e.remove("isBase64Encoded");
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the function's answer by the authorizer's response format. */
    static Answer answer(HttpApi.Authorizer authorizer, byte[] payload) throws Malformed {
        JsonNode doc;
        try {
            doc = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Malformed("the authorizer's answer is not JSON");
        }
        if (doc == null || !doc.isObject()) {
            throw new Malformed("the authorizer's answer is not a JSON object");
        }
        JsonNode context = doc.get("context");
        if (context != null && !context.isNull() && !context.isObject()) {
            throw new Malformed("the authorizer's context is not an object");
        }
        ObjectNode contextNode = context == null || context.isNull() ? null : (ObjectNode) context;
        if (authorizer.simpleResponses()) {
            JsonNode allowed = doc.get("isAuthorized");
            if (allowed == null || !allowed.isBoolean()) {
                throw new Malformed("the authorizer's answer has no boolean isAuthorized");
            }
            return new Answer(allowed.booleanValue(), null, contextNode, null);
        }
        JsonNode policy = doc.get("policyDocument");
        JsonNode principal = doc.get("principalId");
        if (policy == null || !policy.isObject() || principal == null || !principal.isTextual()) {
            throw new Malformed("the authorizer's answer has no principalId and policyDocument");
        }
        return new Answer(null, policy, contextNode, principal.asText());
    }

    /**
     * Whether an IAM policy lets {@code routeArn} be called: a statement allowing
     * {@code execute-api:Invoke} on a resource matching it (with {@code *} and {@code ?}), and none
     * denying it.
     */
    static boolean allows(JsonNode policy, String routeArn) {
        boolean allowed = false;
        for (JsonNode statement : list(policy.get("Statement"))) {
            boolean invoke = list(statement.get("Action")).stream()
                    .map(JsonNode::asText)
                    .anyMatch(a -> a.equals("*")
                            || a.equalsIgnoreCase("execute-api:*")
                            || a.equalsIgnoreCase("execute-api:Invoke"));
            boolean covers = list(statement.get("Resource")).stream()
                    .anyMatch(r -> glob(r.asText()).matcher(routeArn).matches());
            if (invoke && covers) {
                String effect = statement.path("Effect").asText();
                if (effect.equals("Deny")) {
                    return false;
                }
                allowed |= effect.equals("Allow");
            }
        }
        return allowed;
    }

    private static List<JsonNode> list(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
