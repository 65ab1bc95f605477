package dev.lamina.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.NodeRequests;
import dev.lamina.edge.QueryStrings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's APIs as the console calls them: in-process through {@link NodeRequests}, as the node's
 * operator (a console session is signed in with the node's key), in each API's own protocol. What
 * the console shows is what {@code aws lambda|cloudwatch} would show; it reaches no service's
 * internals. Blocks the calling thread (a virtual thread of the edge) until the answer is there.
 */
final class ServiceCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";

    private final NodeRequests requests;

    ServiceCalls(NodeRequests requests) {
        this.requests = requests;
    }

    /** The route's whole answer, status and headers included; a service's refusal is thrown as such. */
    HttpResponse send(String signingName, String method, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        int q = path.indexOf('?');
        Map<String, List<String>> lowerCased = new HashMap<>();
        headers.forEach((k, v) -> lowerCased.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
        HttpRequest request = new HttpRequest(
                method,
                q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                q < 0 ? Map.of() : QueryStrings.parseQuery(path.substring(q + 1)),
                lowerCased,
                body);
        return requests.send(signingName, request);
    }

    /** A GET of a REST JSON route: its JSON answer; an error status is thrown in the service's words. */
    JsonNode get(String signingName, String path) throws Exception {
        HttpResponse response = send(signingName, "GET", path, Map.of(), new byte[0]);
        if (response.status() >= 300) {
            JsonNode error = response.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(response.body());
            throw new AwsException(
                    response.status(),
                    error.path("__type").asText(error.path("Type").asText("ServiceException")),
                    error.path("Message").asText(error.path("message").asText("")));
        }
        return response.body().length == 0 ? MissingNode.getInstance() : JSON.readTree(response.body());
    }

    /**
     * An operation of a JSON API found by its {@code X-Amz-Target} prefix, its answer as plain JSON
     * (timestamps as the JSON protocols write them: epoch seconds).
     */
    JsonNode target(String signingName, String targetPrefix, String operation, JsonNode input) throws Exception {
        return JSON.readTree(JSON.writeValueAsBytes(requests.perform(signingName, targetPrefix, operation, input)));
    }

    /** A path segment or query value, percent-encoded. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
