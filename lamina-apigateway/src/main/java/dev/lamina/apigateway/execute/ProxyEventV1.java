package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.TextBodies;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event of an integration with payload format 1.0, as an HTTP API builds it, and a REST API's
 * Lambda proxy event, which is the same without {@code "version": "1.0"} (see {@link Resource}): {@code headers} and {@code queryStringParameters} hold
 * each name's last value, {@code multiValueHeaders} and {@code multiValueQueryStringParameters} all
 * of them; a section without content is {@code null} rather than left out. Pure.
 */
public final class ProxyEventV1 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ProxyEventV1() {}

    /** The 1.0 event for {@code request}, as JSON bytes; {@code ctx} as for 2.0. */
    public static byte[] of(HttpRequest request, ProxyEvent.Context ctx) {
        return node(request, ctx).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a 1.0 event says of the resource a request reached, which differs between the two kinds of
     * API.
     *
     * @param version {@code 1.0} for an HTTP API, {@code null} (left out) for a REST API
     * @param resourceId the REST API resource's id; an HTTP API's route key
     * @param resourcePath the resource's path template ({@code /items/{id}}), also {@code resource}
     * @param path the event's {@code path}: a REST API's path after the stage, an HTTP API's whole path
     * @param contextPath {@code requestContext.path}: the whole path, stage included
     */
    public record Resource(String version, String resourceId, String resourcePath, String path, String contextPath) {}

    /** The 1.0 event an HTTP API builds for {@code request}. */
    static ObjectNode node(HttpRequest request, ProxyEvent.Context ctx) {
        String resource = ctx.routeKey().equals("$default")
                ? "$default"
                : ctx.routeKey().substring(ctx.routeKey().indexOf(' ') + 1);
        return node(request, ctx, new Resource("1.0", ctx.routeKey(), resource, ctx.rawPath(), ctx.rawPath()));
    }

    /**
     * The 1.0 event for {@code request} at {@code res}; {@code ctx}'s route key and raw path are not
     * read.
     */
    static ObjectNode node(HttpRequest request, ProxyEvent.Context ctx, Resource res) {
        ObjectNode e = JSON.createObjectNode();
        if (res.version() != null) {
            e.put("version", res.version());
        }
        e.put("resource", res.resourcePath());
        e.put("path", res.path());
        e.put("httpMethod", request.method());
        multi(e, "headers", "multiValueHeaders", request.headers());
        multi(e, "queryStringParameters", "multiValueQueryStringParameters", request.query());
        ObjectNode rc = ProxyEvent.requestContext(e, ctx);
        rc.put("extendedRequestId", ctx.requestId());
        rc.put("httpMethod", request.method());
        ObjectNode identity = rc.putObject("identity");
        identity.putNull("accessKey");
        identity.putNull("accountId");
        identity.putNull("caller");
        identity.putNull("cognitoAuthenticationProvider");
        identity.putNull("cognitoAuthenticationType");
        identity.putNull("cognitoIdentityId");
        identity.putNull("cognitoIdentityPoolId");
        identity.putNull("principalOrgId");
        identity.put("sourceIp", request.remoteAddress());
        identity.putNull("user");
        identity.put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
        identity.putNull("userArn");
        rc.put("path", res.contextPath());
        rc.put("protocol", "HTTP/1.1");
        rc.put("requestId", ctx.requestId());
        rc.put("requestTime", TIME.format(ctx.now()));
        rc.put("requestTimeEpoch", ctx.now().toEpochMilli());
        rc.put("resourceId", res.resourceId());
        rc.put("resourcePath", res.resourcePath());
        rc.put("stage", ctx.stage());
        map(e, "pathParameters", ctx.pathParameters());
        map(e, "stageVariables", ctx.stageVariables());
        byte[] body = request.body();
        boolean text = TextBodies.isText(request.header("content-type"));
        if (body.length == 0) {
            e.putNull("body");
        } else {
            e.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
        }
        e.put("isBase64Encoded", body.length > 0 && !text);
        return e;
    }

    private static void multi(ObjectNode e, String single, String multi, Map<String, List<String>> values) {
        if (values.isEmpty()) {
            e.putNull(single);
            e.putNull(multi);
            return;
        }
        ObjectNode last = e.putObject(single);
        ObjectNode all = e.putObject(multi);
        values.forEach((name, list) -> {
            last.put(name, list.getLast());
            list.forEach(all.putArray(name)::add);
        });
    }

    private static void map(ObjectNode e, String name, Map<String, String> values) {
        if (values.isEmpty()) {
            e.putNull(name);
        } else {
            ObjectNode out = e.putObject(name);
            values.forEach(out::put);
        }
    }
}
