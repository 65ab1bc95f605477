package dev.lamina.apigateway.execute;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.TextBodies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event an HTTP API's AWS_PROXY integration sends its function, payload format 2.0, as API Gateway
 * builds it: header names lower-cased with repeated values joined by commas, cookies split out of the
 * {@code cookie} header, query parameters decoded and joined, a body that is not text as base64, and
 * sections without content left out. Pure: the caller supplies what API Gateway knows of the request.
 */
public final class ProxyEvent {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ProxyEvent() {}

    /**
     * What the event says beside the request itself.
     *
     * @param rawPath the path after the API (and a named stage), still encoded
     * @param domainName the host the API was addressed by
     * @param pathParameters the route's variables, empty for none
     * @param stageVariables the stage's variables, empty for none
     */
    public record Context(
            String accountId,
            String apiId,
            String domainName,
            String stage,
            String routeKey,
            String rawPath,
            Map<String, String> pathParameters,
            Map<String, String> stageVariables,
            String requestId,
            Instant now) {}

    /** The 2.0 event for {@code request}, as JSON bytes. */
    public static byte[] v2(HttpRequest request, Context ctx) {
        return v2Node(request, ctx).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The 2.0 event for {@code request}. */
    static ObjectNode v2Node(HttpRequest request, Context ctx) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", ctx.routeKey());
        e.put("rawPath", ctx.rawPath());
        e.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
        List<String> cookieHeaders = request.headers().get("cookie");
        if (cookieHeaders != null && !cookieHeaders.isEmpty()) {
            ArrayNode cookies = e.putArray("cookies");
            for (String header : cookieHeaders) {
                for (String cookie : header.split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
            }
        }
        ObjectNode headers = e.putObject("headers");
        request.headers().forEach((name, values) -> {
            if (!name.equals("cookie")) {
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
            }
        });
        if (!headers.has("x-forwarded-for")) {
            headers.put("x-forwarded-for", request.remoteAddress());
        }
        if (!headers.has("x-forwarded-proto")) {
            headers.put("x-forwarded-proto", "http");
        }
        if (!request.query().isEmpty()) {
            ObjectNode query = e.putObject("queryStringParameters");
            request.query().forEach((name, values) -> query.put(name, String.join(",", values)));
        }
        ObjectNode rc = requestContext(e, ctx);
        ObjectNode http = rc.putObject("http");
        http.put("method", request.method());
        http.put("path", ctx.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.remoteAddress());
        http.put("userAgent", request.header("user-agent") == null ? "" : request.header("user-agent"));
        rc.put("requestId", ctx.requestId());
        rc.put("routeKey", ctx.routeKey());
        rc.put("stage", ctx.stage());
        rc.put("time", TIME.format(ctx.now()));
        rc.put("timeEpoch", ctx.now().toEpochMilli());
        byte[] body = request.body();
        boolean text = TextBodies.isText(request.header("content-type"));
        if (body.length > 0) {
            e.put(
                    "body",
                    text
                            ? new String(body, StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(body));
        }
        if (!ctx.pathParameters().isEmpty()) {
            ObjectNode params = e.putObject("pathParameters");
            ctx.pathParameters().forEach(params::put);
        }
        e.put("isBase64Encoded", body.length > 0 && !text);
        if (!ctx.stageVariables().isEmpty()) {
            ObjectNode vars = e.putObject("stageVariables");
            ctx.stageVariables().forEach(vars::put);
        }
        return e;
    }

    /** The event's {@code requestContext}, begun with what both payload formats say of the API first. */
    static ObjectNode requestContext(ObjectNode event, Context ctx) {
        ObjectNode rc = event.putObject("requestContext");
        rc.put("accountId", ctx.accountId());
        rc.put("apiId", ctx.apiId());
        rc.put("domainName", ctx.domainName());
        int dot = ctx.domainName().indexOf('.');
        rc.put("domainPrefix", dot < 0 ? ctx.domainName() : ctx.domainName().substring(0, dot));
        return rc;
    }
}
