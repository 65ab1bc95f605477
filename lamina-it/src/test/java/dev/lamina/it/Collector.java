package dev.lamina.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
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

    /**
     * Waits until every name in {@code sent} was heard with {@code what}, then checks that they were
     * first heard in that order and that at most one was heard twice (the batch in flight at a
     * SIGKILL); {@code node} is the restarted node, whose output a failure shows.
     */
    void assertEachOnceInOrderAfterAKill(String what, List<String> sent, NodeProcess node) throws Exception {
        try {
            AsyncLogs.awaitTrue(() -> names(what).containsAll(sent), java.time.Duration.ofSeconds(30), "deliveries");
        } catch (AssertionError e) {
            throw new AssertionError("not every record was delivered after the restart: " + names(what)
                    + "; the second node said:\n" + node.output());
        }
        int deliveries =
                counts(what).values().stream().mapToInt(Integer::intValue).sum();
        org.junit.jupiter.api.Assertions.assertTrue(
                deliveries <= sent.size() + 1,
                "only the batch in flight at the kill may come again, not the checkpointed ones: " + counts(what));
        for (int i = 1; i < sent.size(); i++) {
            org.junit.jupiter.api.Assertions.assertFalse(
                    firstHeard(what, sent.get(i))
                            .orElseThrow()
                            .isBefore(firstHeard(what, sent.get(i - 1)).orElseThrow()),
                    "in order: " + sent.get(i));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
