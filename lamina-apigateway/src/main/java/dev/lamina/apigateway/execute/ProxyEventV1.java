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
 * The event of an integration with payload format 1.0, as an HTTP API builds it (REST APIs' Lambda
 * proxy event with {@code "version": "1.0"}): {@code headers} and {@code queryStringParameters} hold
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

    /** The 1.0 event for {@code request}. */
    static ObjectNode node(HttpRequest request, ProxyEvent.Context ctx) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "1.0");
        String resource = ctx.routeKey().equals("$default")
                ? "$default"
                : ctx.routeKey().substring(ctx.routeKey().indexOf(' ') + 1);
        e.put("resource", resource);
        e.put("path", ctx.rawPath());
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
        rc.put("path", ctx.rawPath());
        rc.put("protocol", "HTTP/1.1");
        rc.put("requestId", ctx.requestId());
        rc.put("requestTime", TIME.format(ctx.now()));
        rc.put("requestTimeEpoch", ctx.now().toEpochMilli());
        rc.put("resourceId", ctx.routeKey());
        rc.put("resourcePath", resource);
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
