package dev.lamina.node;

import dev.lamina.edge.auth.SigV4;
import dev.lamina.lambda.Limits;
import dev.lamina.lambda.NetworkMode;
import dev.lamina.lambda.RetryTiming;
import dev.lamina.logs.LogRetention;
import dev.lamina.storage.disk.MinimumFree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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
 * @param disk how long logs are kept and how much of the data directory's disk is kept free
 * @param publicUrls {@code --public-url} templates by node endpoint (its Host label, e.g.
 *     {@code lambda-url}): where a proxy in front of the node serves that endpoint's resources, with
 *     {@code {id}} for the resource's id; none (the default): URLs on the address the caller used
 *     (see {@code dev.lamina.edge.PublicUrls})
 * @param metrics whether the node serves {@code GET /metrics} (default true; {@code --no-metrics})
 * @param otlpEndpoint where the node exports a span per invocation over OTLP/HTTP ({@code
 *     --otlp-endpoint}), or {@code null} (the default): no spans, and no exporter
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
        RetryTiming async,
        Disk disk,
        Map<String, String> publicUrls,
        boolean metrics,
        String otlpEndpoint) {

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

    /**
     * @param minFree what the data directory's filesystem keeps free (default the smaller of 1 GiB and
     *     5%): below it the node deletes the oldest logs and, if that is not enough, refuses new code
     * @param logRetentionDays how long a log group without a retention policy of its own keeps its
     *     events (default {@value LogRetention#DEFAULT_DAYS} days; empty: forever)
     */
    public record Disk(MinimumFree minFree, OptionalInt logRetentionDays) {
        public static Disk defaults() {
            return new Disk(MinimumFree.DEFAULT, OptionalInt.of(LogRetention.DEFAULT_DAYS));
        }
    }

    public NodeConfig {
        searchPath = List.copyOf(searchPath);
        jvmRoots = List.copyOf(jvmRoots);
        runtimeOverrides = Map.copyOf(runtimeOverrides);
        publicUrls = Map.copyOf(publicUrls);
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
                RetryTiming.defaults(),
                Disk.defaults(),
                Map.of(),
                true,
                null);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                async,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
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
                value,
                disk,
                publicUrls,
                metrics,
                otlpEndpoint);
    }

    public NodeConfig withDisk(Disk value) {
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
                async,
                value,
                publicUrls,
                metrics,
                otlpEndpoint);
    }

    public NodeConfig withPublicUrls(Map<String, String> value) {
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
                async,
                disk,
                value,
                metrics,
                otlpEndpoint);
    }

    public NodeConfig withMetrics(boolean value) {
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
                async,
                disk,
                publicUrls,
                value,
                otlpEndpoint);
    }

    public NodeConfig withOtlpEndpoint(String value) {
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
                async,
                disk,
                publicUrls,
                metrics,
                value);
    }
}
