package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Node.js started ahead of demand in a spare sandbox (decision 53), and which functions it may run.
 * Node cannot exec another program, so unlike Python's preloader (decision 19) it cannot fall back
 * to a fresh start by itself: the node asks first, and a function it may not run starts the usual way.
 *
 * @param memoryMb the memory size its heap limit was set for (Node's heap limit is fixed at start)
 * @param environment what it was started with: what every function of the runtime starts from
 * @param paths where the sandbox shows the function's code and layers
 */
record NodePreload(int memoryMb, Map<String, String> environment, RuntimePaths paths) {
    /** Variables read while a process starts (by the dynamic loader, libc, OpenSSL, ICU or Node itself). */
    private static final List<String> STARTUP_PREFIXES =
            List.of("NODE_", "UV_", "LD_", "LC_", "GLIBC_", "MALLOC_", "OPENSSL_", "SSL_", "ICU_");

    private static final Set<String> STARTUP_NAMES = Set.of("LANG", "LANGUAGE", "TZ", "TZDIR", "LOCPATH", "GCONV_PATH");

    NodePreload {
        environment = Map.copyOf(environment);
    }

    /**
     * Whether this process may run a function of {@code memoryMb} whose own variables are {@code own},
     * with its code at {@code taskRoot} and its layers at {@code optDir} (or {@code null}) on the host.
     */
    boolean runs(int memoryMb, Map<String, String> own, Path taskRoot, Path optDir) {
        return memoryMb == this.memoryMb && startsTheSame(own) && !bringsLibraryDirectories(taskRoot, optDir);
    }

    static boolean readAtStart(String name) {
        return STARTUP_NAMES.contains(name) || STARTUP_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private boolean startsTheSame(Map<String, String> own) {
        return own.entrySet().stream()
                .filter(e -> readAtStart(e.getKey()))
                .allMatch(e -> e.getValue().equals(environment.get(e.getKey())));
    }

    /**
     * Whether the function's code or layers bring a library directory of {@code LD_LIBRARY_PATH}: the
     * dynamic loader found it missing when this process started and never looks there again.
     */
    private boolean bringsLibraryDirectories(Path taskRoot, Path optDir) {
        for (String dir : environment.getOrDefault("LD_LIBRARY_PATH", "").split(":")) {
            Path inside = Path.of(dir.isEmpty() ? "/" : dir);
            Path host = onHost(inside, paths.taskRoot(), taskRoot);
            if (host == null && optDir != null) {
                host = onHost(inside, paths.optDir(), optDir);
            }
            if (host != null && !host.equals(taskRoot) && !host.equals(optDir) && Files.isDirectory(host)) {
                return true;
            }
        }
        return false;
    }

    private static Path onHost(Path inside, Path insideRoot, Path hostRoot) {
        return inside.startsWith(insideRoot)
                ? hostRoot.resolve(insideRoot.relativize(inside).toString())
                : null;
    }
}
