package dev.lamina.cloudformation.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.HttpResponse;
import dev.lamina.edge.NodeRequests;
import dev.lamina.edge.QueryStrings;
import dev.lamina.edge.RequestPrincipal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/**
 * The node's services as resource providers call them: through {@link NodeRequests}, in-process, as
 * the caller whose request runs the stack's operation ({@link #asCaller}), in each service's own protocol (rest-json, JSON by target, a query form). Also
 * names resources as CloudFormation does. Thread-safe.
 */
public final class ServiceCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final NodeRequests requests;
    private final RandomGenerator random;
    private final String region;
    private final String account;

    public ServiceCalls(NodeRequests requests, RandomGenerator random, String region, String account) {
        this.requests = requests;
        this.random = random;
        this.region = region;
        this.account = account;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** A route of a REST API with a JSON body (or none); its JSON answer, or a missing node for an empty one. */
    public JsonNode rest(String signingName, String method, String path, JsonNode body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        byte[] answer = send(signingName, method, path, bytes, body == null ? null : "application/json");
        return answer.length == 0 ? MissingNode.getInstance() : JSON.readTree(answer);
    }

    /** DELETE on a route of a REST API, where a resource already gone (404) is deleted too. */
    public void deleteIfPresent(String signingName, String path) throws Exception {
        try {
            rest(signingName, "DELETE", path, null);
        } catch (AwsException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** A route of a REST API with an XML body (S3's); its answer's text. */
    public String restXml(String signingName, String method, String path, String xml) throws Exception {
        byte[] answer = send(signingName, method, path, xml.getBytes(StandardCharsets.UTF_8), "application/xml");
        return new String(answer, StandardCharsets.UTF_8);
    }

    private byte[] send(String signingName, String method, String path, byte[] bytes, String contentType)
            throws Exception {
        Map<String, List<String>> headers =
                contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
        int q = path.indexOf('?');
        HttpRequest request = new HttpRequest(
                method,
                q < 0 ? path : path.substring(0, q),
                q < 0 ? null : path.substring(q + 1),
                q < 0 ? Map.of() : QueryStrings.parseQuery(path.substring(q + 1)),
                headers,
                bytes);
        HttpResponse response = requests.send(signingName, request);
        if (response.status() >= 300) {
            throw new AwsException(
                    response.status(), "ServiceException", new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** An operation of a JSON API found by its {@code X-Amz-Target} prefix. */
    public JsonNode target(String signingName, String targetPrefix, String operation, JsonNode input) throws Exception {
        return requests.perform(signingName, targetPrefix, operation, input);
    }

    /** An action of a query API (a form posted to {@code /}); its XML answer. */
    public String query(String signingName, Map<String, String> form) throws Exception {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
        HttpRequest request = new HttpRequest(
                "POST",
                "/",
                null,
                Map.of(),
                Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                body.toString().getBytes(StandardCharsets.UTF_8));
        HttpResponse response = requests.send(signingName, request);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /**
     * {@code task} acting for the principal of the request served on this thread, wherever it runs:
     * what it asks of the node's services is authorized as that caller's own requests would be.
     */
    public static Runnable asCaller(Runnable task) {
        String caller = RequestPrincipal.current();
        return () -> RequestPrincipal.runAs(caller, task);
    }

    /** A path segment, percent-encoded. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A name as CloudFormation makes one for a resource the template does not name:
     * {@code <stack>-<logicalId>-<13 random letters and digits>}, the first two parts cut so that the
     * whole fits {@code max}, lower case where the service wants it (S3 buckets).
     */
    public String name(String stackName, String logicalId, int max, boolean lowerCase) {
        StringBuilder suffix = new StringBuilder(13);
        for (int i = 0; i < 13; i++) {
            suffix.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        int room = max - suffix.length() - 2;
        String stack = stackName.length() > room / 2 ? stackName.substring(0, room / 2) : stackName;
        String logical =
                logicalId.length() > room - stack.length() ? logicalId.substring(0, room - stack.length()) : logicalId;
        String name = stack + "-" + logical + "-" + suffix;
        return lowerCase ? name.toLowerCase(Locale.ROOT) : name;
    }

    /** The name the template gives in {@code member}, or one made by {@link #name(String, String, int, boolean)}. */
    public String name(ResourceProvider.Request request, String member, int max, boolean lowerCase) {
        return request.properties().hasNonNull(member)
                ? request.properties().get(member).asText()
                : name(request.stackName(), request.logicalId(), max, lowerCase);
    }

    /** The text of the first {@code <element>} in {@code xml}, or {@code null}. */
    public static String element(String xml, String element) {
        int start = xml.indexOf("<" + element + ">");
        int end = start < 0 ? -1 : xml.indexOf("</" + element + ">", start);
        return end < 0 ? null : xml.substring(start + element.length() + 2, end);
    }
}
