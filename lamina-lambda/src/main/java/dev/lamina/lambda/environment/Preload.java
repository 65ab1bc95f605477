package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtime.RuntimePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Node.js or a JVM started ahead of demand in a spare sandbox (decision 53), and which functions it
 * may run. Neither can exec another program, so unlike Python's preloader (decision 19) they cannot
 * fall back to a fresh start by themselves: the node asks first, and a function a spare may not run
 * starts the usual way.
 *
 * @param runs how the command of each function it may run begins: the interpreter and every option
 *     fixed at start (Node's heap limit, the JVM's heap, class-data cache and class path)
 * @param environment what it was started with: what every function of the runtime starts from
 * @param paths where the sandbox shows the function's code and layers
 */
record Preload(List<String> runs, Map<String, String> environment, RuntimePaths paths) {
    /** Variables read while a process starts (by the dynamic loader, libc, OpenSSL, ICU, Node or the JVM). */
    private static final List<String> STARTUP_PREFIXES =
            List.of("NODE_", "UV_", "LD_", "LC_", "GLIBC_", "MALLOC_", "OPENSSL_", "SSL_", "ICU_");

    private static final Set<String> STARTUP_NAMES = Set.of(
            "LANG",
            "LANGUAGE",
            "TZ",
            "TZDIR",
            "LOCPATH",
            "GCONV_PATH",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS");

    /** What a spare is to a function. */
    enum Fit {
        /** It runs the function. */
        RUNS,
        /** The function starts afresh; the spare waits for the runtime's other functions. */
        ELSEWHERE,
        /** The runtime's functions now start otherwise (another memory size, a class-data cache made since). */
        STALE
    }

    Preload {
        runs = List.copyOf(runs);
        environment = Map.copyOf(environment);
    }

    /**
     * What this spare is to a function that would start with {@code command}, whose own variables are
     * {@code own}, with its code at {@code taskRoot} and its layers at {@code optDir} (or {@code null})
     * on the host.
     */
    Fit fit(List<String> command, Map<String, String> own, Path taskRoot, Path optDir) {
        if (!startsTheSame(own) || bringsLibraryDirectories(taskRoot, optDir)) {
            return Fit.ELSEWHERE;
        }
        boolean same =
                command.size() > runs.size() && command.subList(0, runs.size()).equals(runs);
        return same ? Fit.RUNS : Fit.STALE;
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
