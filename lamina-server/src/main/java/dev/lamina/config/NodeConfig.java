package dev.lamina.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a node is started with, in one place, with its defaults.
 *
 * @param host the address the edge listens on (default 127.0.0.1)
 * @param port the edge port (default {@value #DEFAULT_PORT}; 0 picks a free one)
 * @param dataDir all state: database, code, logs (default {@code ~/.lamina})
 * @param region the region in ARNs and environments (default us-east-1)
 * @param account the 12-digit account id in ARNs (default 000000000000)
 * @param searchPath directories searched for interpreters (default /usr/bin, /usr/local/bin, then PATH)
 * @param jvmRoots directories holding JDKs for the java runtimes (default /usr/lib/jvm)
 * @param runtimeOverrides explicit runtime → interpreter mappings
 * @param concurrencyLimit invocations in flight at once on this node (default 1000)
 * @param idleMillis how long an idle environment is kept (default 10 minutes)
 */
public record NodeConfig(
        String host,
        int port,
        Path dataDir,
        String region,
        String account,
        List<Path> searchPath,
        List<Path> jvmRoots,
        Map<String, Path> runtimeOverrides,
        int concurrencyLimit,
        long idleMillis) {

    public static final int DEFAULT_PORT = 9701;

    public NodeConfig {
        searchPath = List.copyOf(searchPath);
        jvmRoots = List.copyOf(jvmRoots);
        runtimeOverrides = Map.copyOf(runtimeOverrides);
        if (!account.matches("\\d{12}")) {
            throw new IllegalArgumentException("account must be 12 digits: " + account);
        }
    }

    /** The defaults, for a node whose data lives in {@code dataDir}. */
    public static NodeConfig defaults(Path dataDir, Map<String, String> env) {
        List<Path> search = new java.util.ArrayList<>(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && !search.contains(Path.of(dir))) {
                search.add(Path.of(dir));
            }
        }
        return new NodeConfig(
                "127.0.0.1",
                DEFAULT_PORT,
                dataDir,
                "us-east-1",
                "000000000000",
                search,
                List.of(Path.of("/usr/lib/jvm")),
                Map.of(),
                1000,
                600_000);
    }

    public NodeConfig withPort(int newPort) {
        return new NodeConfig(
                host,
                newPort,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                concurrencyLimit,
                idleMillis);
    }

    public NodeConfig withHost(String newHost) {
        return new NodeConfig(
                newHost,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                concurrencyLimit,
                idleMillis);
    }

    public NodeConfig withRuntimeOverrides(Map<String, Path> overrides) {
        return new NodeConfig(
                host, port, dataDir, region, account, searchPath, jvmRoots, overrides, concurrencyLimit, idleMillis);
    }

    public NodeConfig withIdleMillis(long newIdleMillis) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                concurrencyLimit,
                newIdleMillis);
    }
}
