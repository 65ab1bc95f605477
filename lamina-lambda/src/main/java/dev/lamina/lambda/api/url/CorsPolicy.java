package dev.lamina.lambda.api.url;

import dev.lamina.edge.HttpRequest;
import dev.lamina.lambda.url.Cors;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A function URL's CORS configuration, with its header values joined once. When a URL has one,
 * the node answers preflight requests itself (the function never sees them) and sets the
 * {@code Access-Control-*} headers of every response to an allowed origin, replacing any the
 * function set; a request from another origin gets none.
 */
final class CorsPolicy {
    private final boolean anyOrigin;
    private final List<String> origins;
    private final boolean anyMethod;
    private final List<String> methods;
    private final String allowMethods;
    private final String allowHeaders;
    private final String exposeHeaders;
    private final String maxAge;
    private final boolean credentials;

    private CorsPolicy(Cors cors) {
        this.anyOrigin = cors.allowOrigins().contains("*");
        this.origins = cors.allowOrigins();
        this.methods = cors.allowMethods().stream()
                .map(m -> m.toUpperCase(Locale.ROOT))
                .toList();
        this.anyMethod = methods.contains("*");
        this.allowMethods = joined(methods);
        this.allowHeaders = joined(cors.allowHeaders());
        this.exposeHeaders = joined(cors.exposeHeaders());
        this.maxAge = cors.maxAge() == null ? null : cors.maxAge().toString();
        this.credentials = Boolean.TRUE.equals(cors.allowCredentials());
    }

    /** The policy of a URL's CORS configuration, or {@code null} when it has none. */
    static CorsPolicy of(Cors cors) {
        return cors == null ? null : new CorsPolicy(cors);
    }

    static boolean isPreflight(HttpRequest request) {
        return request.method().equals("OPTIONS")
                && request.header("origin") != null
                && request.header("access-control-request-method") != null;
    }

    /** The answer to a preflight request: 200, with the CORS headers only when origin and method are allowed. */
    Map<String, String> preflight(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        String origin = request.header("origin");
        String method = request.header("access-control-request-method").toUpperCase(Locale.ROOT);
        if (allows(origin) && (anyMethod || methods.contains(method))) {
            headers.put("Access-Control-Allow-Origin", allowOrigin(origin));
            put(headers, "Access-Control-Allow-Methods", allowMethods);
            put(headers, "Access-Control-Allow-Headers", allowHeaders);
            put(headers, "Access-Control-Max-Age", maxAge);
            if (credentials) {
                headers.put("Access-Control-Allow-Credentials", "true");
            }
        }
        headers.put("Vary", "Origin");
        return headers;
    }

    /** Replaces the function's CORS headers with this policy's, for a response to {@code origin}. */
    void apply(Map<String, String> headers, String origin) {
        for (Iterator<String> it = headers.keySet().iterator(); it.hasNext(); ) {
            if (it.next().regionMatches(true, 0, "access-control-", 0, 15)) {
                it.remove();
            }
        }
        if (origin == null || !allows(origin)) {
            return;
        }
        headers.put("Access-Control-Allow-Origin", allowOrigin(origin));
        put(headers, "Access-Control-Expose-Headers", exposeHeaders);
        if (credentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        headers.put("Vary", "Origin");
    }

    private boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        if (anyOrigin) {
            return true;
        }
        for (String allowed : origins) {
            if (allowed.equalsIgnoreCase(origin)) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} for any origin, unless credentials are allowed: browsers refuse {@code *} with them. */
    private String allowOrigin(String origin) {
        return anyOrigin && !credentials ? "*" : origin;
    }

    private static void put(Map<String, String> headers, String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    private static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }
}
