package dev.lamina.edge;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the edge received it: the raw (still percent-encoded) path and query, the
 * decoded query parameters, the headers under lower-case names, and the whole body.
 *
 * @param rawQuery the query string as sent, or {@code null} when there is none
 * @param remoteAddress the client's IP address as text, or {@code ""} when not known
 */
public record HttpRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body,
        String remoteAddress) {

    public HttpRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> query,
            Map<String, List<String>> headers,
            byte[] body) {
        this(method, rawPath, rawQuery, query, headers, body, "");
    }

    /** The first value of a header, or {@code null}; {@code name} must be lower case. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The first value of a query parameter, or {@code null}. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
