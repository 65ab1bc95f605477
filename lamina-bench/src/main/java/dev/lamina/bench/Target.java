package dev.lamina.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One way into one system that the load generator drives: where to connect, which path, and the
 * headers of the request, made anew for each run (a SigV4 signature carries its time). Every target
 * answers a POST of {@link #EVENT} with the body {@code {"ok":true}}.
 *
 * @param system how the table names the system ({@code workerd}, {@code Lamina nodejs20.x}, …)
 * @param way how it is reached ({@code HTTP}, {@code function URL}, {@code Invoke API}, …)
 * @param address the host and port to connect to, with the path to request
 * @param headers the request's extra headers; a {@code Host} among them is sent instead of the
 *     address's
 */
record Target(String system, String way, URI address, Supplier<Map<String, String>> headers) {
    static final byte[] EVENT = "{\"bench\":true}".getBytes(StandardCharsets.UTF_8);

    static Target plain(String system, String way, URI address) {
        return new Target(system, way, address, Map::of);
    }

    /** The row's name in the table: system and way. */
    String label() {
        return system + ", " + way;
    }

    String pathAndQuery() {
        String path = address.getRawPath() == null || address.getRawPath().isEmpty() ? "/" : address.getRawPath();
        return address.getRawQuery() == null ? path : path + "?" + address.getRawQuery();
    }
}
