package dev.lamina.apigateway.execute;

import dev.lamina.apigateway.http.HttpApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP API's CORS configuration applied as API Gateway applies it: a preflight request (OPTIONS with
 * {@code Origin} and {@code Access-Control-Request-Method}) is answered by the API itself, whatever its
 * routes, and any other request with an {@code Origin} gets the configured headers on the
 * integration's answer, in place of the CORS headers the function returned. An origin the
 * configuration does not allow gets no CORS header (the browser then refuses the answer). Pure.
 */
final class CorsRules {
    private static final String PREFIX = "access-control-";

    private CorsRules() {}

    /** Whether the request is a CORS preflight, which the API answers without an integration. */
    static boolean isPreflight(HttpApi.Cors cors, String method, String origin, String requestMethod) {
        return cors != null && method.equals("OPTIONS") && origin != null && requestMethod != null;
    }

    /** The headers of the answer to a preflight from {@code origin} (status 204, no body). */
    static Map<String, String> preflight(HttpApi.Cors cors, String origin) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!allows(cors, origin)) {
            return out;
        }
        allowOrigin(cors, origin, out);
        if (!cors.allowMethods().isEmpty()) {
            out.put("Access-Control-Allow-Methods", String.join(",", cors.allowMethods()));
        }
        if (!cors.allowHeaders().isEmpty()) {
            out.put("Access-Control-Allow-Headers", String.join(",", cors.allowHeaders()));
        }
        if (cors.maxAge() != null && cors.maxAge() >= 0) {
            out.put("Access-Control-Max-Age", Integer.toString(cors.maxAge()));
        }
        return out;
    }

    /**
     * The integration's headers as the client gets them: without the function's own CORS headers, and
     * with the configured ones when {@code origin} is allowed. Without a configuration, or without an
     * {@code Origin}, the headers stay as they were.
     */
    static Map<String, String> answer(HttpApi.Cors cors, String origin, Map<String, String> headers) {
        if (cors == null) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                out.put(name, value);
            }
        });
        if (origin != null && allows(cors, origin)) {
            allowOrigin(cors, origin, out);
            if (!cors.exposeHeaders().isEmpty()) {
                out.put("Access-Control-Expose-Headers", String.join(",", cors.exposeHeaders()));
            }
        }
        return out;
    }

    private static void allowOrigin(HttpApi.Cors cors, String origin, Map<String, String> out) {
        // API Gateway refuses allowCredentials with *, so a * here never meets credentials
        out.put("Access-Control-Allow-Origin", cors.allowOrigins().contains("*") ? "*" : origin);
        if (cors.allowCredentials()) {
            out.put("Access-Control-Allow-Credentials", "true");
        }
    }

    /**
     * Whether an origin is allowed: {@code *} allows any, {@code https://*} or {@code http://*} any of
     * that scheme, anything else only itself (compared without regard to case, as hosts are).
     */
    static boolean allows(HttpApi.Cors cors, String origin) {
        List<String> allowed = cors.allowOrigins();
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equalsIgnoreCase(origin)) {
                return true;
            }
            if (pattern.endsWith("://*")
                    && origin.regionMatches(true, 0, pattern, 0, pattern.length() - 1)
                    && origin.length() > pattern.length() - 1) {
                return true;
            }
        }
        return false;
    }
}
