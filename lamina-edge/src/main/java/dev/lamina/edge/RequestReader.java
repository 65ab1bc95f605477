package dev.lamina.edge;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a request Netty decoded into the edge's {@link HttpRequest}: the path and query split from
 * the request target (origin or absolute form, any fragment dropped), the query parameters decoded,
 * the header names in lower case, the body copied. Pure: it keeps nothing and touches no channel,
 * so the connection calls it on the event loop and tests call it on a request they built.
 */
final class RequestReader {
    private RequestReader() {}

    /**
     * The whole request. Throws {@link IllegalArgumentException} when its query string cannot be
     * decoded (a bad percent escape); the connection answers that with a 400.
     */
    static HttpRequest read(FullHttpRequest raw, SocketAddress remote) {
        return request(raw, remote, ByteBufUtil.getBytes(raw.content()));
    }

    /**
     * A request whose body is still to come (a streaming route's): all but the body, which the
     * connection adds as a stream. Throws {@link IllegalArgumentException} as {@link #read} does.
     */
    static HttpRequest withoutBody(io.netty.handler.codec.http.HttpRequest raw, SocketAddress remote) {
        return request(raw, remote, new byte[0]);
    }

    private static HttpRequest request(io.netty.handler.codec.http.HttpRequest raw, SocketAddress remote, byte[] body) {
        Target target = target(raw.uri());
        return new HttpRequest(
                raw.method().name(),
                target.rawPath(),
                target.rawQuery(),
                QueryStrings.parseQuery(target.rawQuery()),
                headers(raw.headers()),
                body,
                address(remote));
    }

    /**
     * What the edge can know of a request it will not serve (too large, malformed): method, path,
     * query string and headers, with no decoded query and no body. Never throws, so that the
     * refusal can be addressed to the service the request was for.
     */
    static HttpRequest head(io.netty.handler.codec.http.HttpRequest raw, SocketAddress remote) {
        Target target = target(raw.uri());
        return new HttpRequest(
                raw.method().name(),
                target.rawPath(),
                target.rawQuery(),
                Map.of(),
                headers(raw.headers()),
                new byte[0],
                address(remote));
    }

    /** The request target's path (still percent-encoded) and query string ({@code null} when none). */
    private record Target(String rawPath, String rawQuery) {}

    private static Target target(String uri) {
        String target = uri;
        if (target.startsWith("http://") || target.startsWith("https://")) {
            // absolute form: the path starts after the authority
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        int question = target.indexOf('?');
        return question < 0
                ? new Target(target, null)
                : new Target(target.substring(0, question), target.substring(question + 1));
    }

    private static Map<String, List<String>> headers(Iterable<Map.Entry<String, String>> raw) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> h : raw) {
            headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                    .add(h.getValue());
        }
        return headers;
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "";
    }
}
