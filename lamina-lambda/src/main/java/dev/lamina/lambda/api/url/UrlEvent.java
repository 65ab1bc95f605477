package dev.lamina.lambda.api.url;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.edge.HttpRequest;
import dev.lamina.edge.TextBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event a function URL sends its function: API Gateway's payload format 2.0 with the
 * differences of function URLs (routeKey and stage {@code $default}, no path parameters, the URL id
 * as apiId and domainPrefix). Header names lower-cased and repeated values joined by commas,
 * cookies split out, query parameters decoded and joined, a body that is not text sent as base64.
 * Written with Jackson's streaming generator straight into bytes: nothing is built and parsed back.
 */
final class UrlEvent {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private UrlEvent() {}

    /**
     * What the event says about the URL and the caller, beside the request itself.
     *
     * @param callerKey the access key that signed the request (AWS_IAM URLs), else {@code null}
     * @param account the node's account, the signer's account
     */
    record Context(
            String urlId,
            String domainName,
            String rawPath,
            String requestId,
            Instant now,
            String callerKey,
            String account) {}

    static byte[] of(HttpRequest request, Context ctx) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + request.body().length * 4 / 3);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("version", "2.0");
            g.writeStringField("routeKey", "$default");
            g.writeStringField("rawPath", ctx.rawPath());
            g.writeStringField("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
            writeCookies(g, request.headers().get("cookie"));
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                if (!h.getKey().equals("cookie")) {
                    g.writeStringField(h.getKey(), join(h.getValue(), ","));
                }
            }
            if (!request.headers().containsKey("x-forwarded-for")) {
                g.writeStringField("x-forwarded-for", request.remoteAddress());
            }
            if (!request.headers().containsKey("x-forwarded-proto")) {
                g.writeStringField("x-forwarded-proto", "http");
            }
            g.writeEndObject();
            if (!request.query().isEmpty()) {
                g.writeObjectFieldStart("queryStringParameters");
                for (Map.Entry<String, List<String>> q : request.query().entrySet()) {
                    g.writeStringField(q.getKey(), join(q.getValue(), ","));
                }
                g.writeEndObject();
            }
            g.writeObjectFieldStart("requestContext");
            g.writeStringField("accountId", ctx.callerKey() == null ? "anonymous" : ctx.account());
            g.writeStringField("apiId", ctx.urlId());
            if (ctx.callerKey() != null) {
                writeIamAuthorizer(g, ctx);
            }
            g.writeStringField("domainName", ctx.domainName());
            g.writeStringField("domainPrefix", ctx.urlId());
            g.writeObjectFieldStart("http");
            g.writeStringField("method", request.method());
            g.writeStringField("path", ctx.rawPath());
            g.writeStringField("protocol", "HTTP/1.1");
            g.writeStringField("sourceIp", request.remoteAddress());
            g.writeStringField("userAgent", request.header("user-agent"));
            g.writeEndObject();
            g.writeStringField("requestId", ctx.requestId());
            g.writeStringField("routeKey", "$default");
            g.writeStringField("stage", "$default");
            g.writeStringField("time", TIME.format(ctx.now()));
            g.writeNumberField("timeEpoch", ctx.now().toEpochMilli());
            g.writeEndObject();
            byte[] body = request.body();
            boolean text = isText(request.header("content-type"));
            if (body.length > 0) {
                g.writeStringField(
                        "body",
                        text
                                ? new String(body, StandardCharsets.UTF_8)
                                : Base64.getEncoder().encodeToString(body));
            }
            g.writeBooleanField("isBase64Encoded", body.length > 0 && !text);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Who signed the request: one key per node, so the signer is the account itself. */
    private static void writeIamAuthorizer(JsonGenerator g, Context ctx) throws IOException {
        g.writeObjectFieldStart("authorizer");
        g.writeObjectFieldStart("iam");
        g.writeStringField("accessKey", ctx.callerKey());
        g.writeStringField("accountId", ctx.account());
        g.writeStringField("callerId", ctx.account());
        g.writeNullField("cognitoIdentity");
        g.writeNullField("principalOrgId");
        g.writeStringField("userArn", "arn:aws:iam::" + ctx.account() + ":root");
        g.writeStringField("userId", ctx.account());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeCookies(JsonGenerator g, List<String> cookieHeaders) throws IOException {
        if (cookieHeaders == null || cookieHeaders.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("cookies");
        for (String header : cookieHeaders) {
            int start = 0;
            while (start < header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                String cookie = header.substring(start, end).strip();
                if (!cookie.isEmpty()) {
                    g.writeString(cookie);
                }
                start = end + 1;
            }
        }
        g.writeEndArray();
    }

    /** Whether a body of this content type reaches the function as text ({@link TextBodies}). */
    static boolean isText(String contentType) {
        return TextBodies.isText(contentType);
    }

    private static String join(List<String> values, String separator) {
        return values.size() == 1 ? values.getFirst() : String.join(separator, values);
    }
}
