package dev.lamina.edge;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the edge received it: the raw (still percent-encoded) path and query, the
 * decoded query parameters, the headers under lower-case names, and the whole body; or, for a route
 * that streams its body ({@link Router#addStreaming}), an empty {@code body} and the body as a stream.
 *
 * @param rawQuery the query string as sent, or {@code null} when there is none
 * @param remoteAddress the client's IP address as text, or {@code ""} when not known
 * @param bodyStream the body, read as it arrives, for a streaming route; {@code null} for every other
 *     route. Read from the route's own thread; it ends where the body does (an {@code aws-chunked}
 *     body decoded and each chunk's signature checked), and throws an {@link java.io.IOException}
 *     whose cause is an {@link dev.lamina.core.AwsException} when the body turns out not to be what
 *     the request signed
 */
public record HttpRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> query,
        Map<String, List<String>> headers,
        byte[] body,
        String remoteAddress,
        InputStream bodyStream) {

    public HttpRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> query,
            Map<String, List<String>> headers,
            byte[] body,
            String remoteAddress) {
        this(method, rawPath, rawQuery, query, headers, body, remoteAddress, null);
    }

    public HttpRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> query,
            Map<String, List<String>> headers,
            byte[] body) {
        this(method, rawPath, rawQuery, query, headers, body, "", null);
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

    /** Whether the query has the parameter, with or without a value ({@code ?uploads}). */
    public boolean hasQueryParam(String name) {
        return query.containsKey(name);
    }

    /** This request with its body as a stream. */
    public HttpRequest withBodyStream(InputStream stream) {
        return new HttpRequest(method, rawPath, rawQuery, query, headers, new byte[0], remoteAddress, stream);
    }
}
