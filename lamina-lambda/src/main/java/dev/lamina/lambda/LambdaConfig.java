package dev.lamina.lambda;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the Lambda service is started with; the node makes it from its own configuration.
 *
 * @param dataDir where Lambda keeps code packages (the database and logs are the node's)
 * @param region the region in ARNs and environments
 * @param account the 12-digit account id in ARNs
 * @param searchPath directories searched for interpreters
 * @param jvmRoots directories holding JDKs for the java runtimes
 * @param runtimeOverrides explicit runtime → interpreter mappings
 * @param limits concurrency, memory and idle-time limits
 * @param sandbox whether to sandbox functions when the host can
 * @param network the network sandboxed functions get
 * @param retries how asynchronous invocations are retried
 * @param nodeSdk the AWS SDK for JavaScript that Node.js functions find at {@code
 *     /var/runtime/node_modules} (a {@code node_modules} directory others may read), or {@code null}
 */
public record LambdaConfig(
        Path dataDir,
        String region,
        String account,
        List<Path> searchPath,
        List<Path> jvmRoots,
        Map<String, Path> runtimeOverrides,
        Limits limits,
        boolean sandbox,
        NetworkMode network,
        RetryTiming retries,
        Path nodeSdk) {

    public LambdaConfig {
        searchPath = List.copyOf(searchPath);
        jvmRoots = List.copyOf(jvmRoots);
        runtimeOverrides = Map.copyOf(runtimeOverrides);
    }
}
