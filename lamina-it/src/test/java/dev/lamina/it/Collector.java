package dev.lamina.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An HTTP server on loopback that functions tell what they do, so that a test knows it from outside the
 * node: a {@code POST /<what>/<name>} counts one {@code what} (such as "start" or "done") of
 * {@code name}. Functions reach it with {@code --network host}.
 */
final class Collector implements AutoCloseable {
    /** what → name → how many times. */
    private final Map<String, Map<String, Integer>> heard = new ConcurrentHashMap<>();
    /** what/name → when it was first heard. */
    private final Map<String, Instant> first = new ConcurrentHashMap<>();

    private final HttpServer server;

    Collector() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            first.putIfAbsent(parts[1] + "/" + parts[2], Instant.now());
            heard.computeIfAbsent(parts[1], k -> new ConcurrentHashMap<>()).merge(parts[2], 1, Integer::sum);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The names heard with {@code what}, sorted. */
    Set<String> names(String what) {
        return new TreeSet<>(heard.getOrDefault(what, Map.of()).keySet());
    }

    /** How often each name was heard with {@code what}. */
    Map<String, Integer> counts(String what) {
        return new TreeMap<>(heard.getOrDefault(what, Map.of()));
    }

    /** When {@code name} was first heard with {@code what}, if it was. */
    Optional<Instant> firstHeard(String what, String name) {
        return Optional.ofNullable(first.get(what + "/" + name));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
