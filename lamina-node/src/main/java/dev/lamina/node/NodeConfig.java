package dev.lamina.node;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.lambda.Limits;
import dev.lamina.lambda.NetworkMode;
import dev.lamina.lambda.RetryTiming;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param limits concurrency, memory and idle-time limits
 * @param sandbox whether to sandbox functions when the host can (default true)
 * @param network the network sandboxed functions get (default {@code ISOLATED}: their own, with
 *     outbound access and, of the host, only the node's endpoints)
 * @param auth whether AWS API requests must be signed, and with which key
 * @param async how asynchronous invocations are retried
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
        Limits limits,
        boolean sandbox,
        NetworkMode network,
        Auth auth,
        RetryTiming async) {

    public static final int DEFAULT_PORT = 9701;

    /**
     * @param enabled whether every AWS API request must carry a valid SigV4 signature (default true;
     *     {@code lamina server --no-auth} turns it off for local development)
     * @param credentials the node's access key; {@code null} (the default when
     *     {@code LAMINA_ACCESS_KEY_ID} and {@code LAMINA_SECRET_ACCESS_KEY} are unset): the one in
     *     {@code <data-dir>/credentials}, generated there at first start
     */
    public record Auth(boolean enabled, SigV4.Credentials credentials) {
        public static final String ACCESS_KEY_VARIABLE = "LAMINA_ACCESS_KEY_ID";
        public static final String SECRET_KEY_VARIABLE = "LAMINA_SECRET_ACCESS_KEY";

        /** On, with the key from the environment's LAMINA_* variables when both are set. */
        public static Auth fromEnvironment(Map<String, String> env) {
            String id = env.get(ACCESS_KEY_VARIABLE);
            String secret = env.get(SECRET_KEY_VARIABLE);
            if ((id == null) != (secret == null)) {
                throw new IllegalArgumentException(
                        "Set both " + ACCESS_KEY_VARIABLE + " and " + SECRET_KEY_VARIABLE + ", or neither");
            }
            return new Auth(true, id == null ? null : new SigV4.Credentials(id, secret));
        }
    }

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
        List<Path> search = new ArrayList<>(List.of(Path.of("/usr/bin"), Path.of("/usr/local/bin")));
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
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
                Limits.defaults(),
                true,
                NetworkMode.ISOLATED,
                Auth.fromEnvironment(env),
                RetryTiming.defaults());
    }

    public NodeConfig withPort(int value) {
        return new NodeConfig(
                host,
                value,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                sandbox,
                network,
                auth,
                async);
    }

    public NodeConfig withHost(String value) {
        return new NodeConfig(
                value,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                sandbox,
                network,
                auth,
                async);
    }

    public NodeConfig withRuntimeOverrides(Map<String, Path> value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                value,
                limits,
                sandbox,
                network,
                auth,
                async);
    }

    public NodeConfig withLimits(Limits value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                value,
                sandbox,
                network,
                auth,
                async);
    }

    public NodeConfig withSandbox(boolean value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                value,
                network,
                auth,
                async);
    }

    public NodeConfig withNetwork(NetworkMode value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                sandbox,
                value,
                auth,
                async);
    }

    public NodeConfig withAuth(Auth value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                sandbox,
                network,
                value,
                async);
    }

    public NodeConfig withAsync(RetryTiming value) {
        return new NodeConfig(
                host,
                port,
                dataDir,
                region,
                account,
                searchPath,
                jvmRoots,
                runtimeOverrides,
                limits,
                sandbox,
                network,
                auth,
                value);
    }
}
