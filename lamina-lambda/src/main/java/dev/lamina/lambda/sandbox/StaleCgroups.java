package dev.lamina.lambda.sandbox;

import dev.lamina.core.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Removes what nodes that died without shutting down (SIGKILL, a crash) left under {@code lamina/}
 * of either cgroup version: their environments' processes and cgroups. A node whose pid is still
 * alive is left alone.
 *
 * <p>Such a node's idle environments are usually frozen. On cgroup v1 a frozen process does not act
 * on SIGKILL until it is thawed: it stays, holding its memory, and its cgroups cannot be removed.
 * So each environment is thawed first, then killed (with {@code cgroup.kill} too where v2 has it),
 * and its cgroups are removed once its processes have left them, all environments together, so
 * that the wait is paid once rather than once per environment and controller.
 */
final class StaleCgroups {
    /** The parents of nodes' cgroups: v2's one hierarchy, then each v1 controller Lamina uses. */
    private static final List<String> PARENTS =
            List.of("lamina", "memory/lamina", "cpu/lamina", "pids/lamina", "freezer/lamina");

    /** How long killed processes may take to leave their cgroups (they exit in milliseconds). */
    static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    /**
     * @param environments how many environments dead nodes had left
     * @param remaining how many of them could not be removed (tried again at the next start)
     * @param took how long the sweep took
     */
    record Swept(int environments, int remaining, Duration took) {}

    private final Path root;
    private final LongConsumer kill;
    private final Ticker ticker;

    /**
     * @param root where the cgroup hierarchies are mounted ({@code /sys/fs/cgroup})
     * @param kill sends SIGKILL to a pid (if it still exists)
     */
    StaleCgroups(Path root, LongConsumer kill, Ticker ticker) {
        this.root = root;
        this.kill = kill;
        this.ticker = ticker;
    }

    /** A sweep of the host's cgroups that kills with SIGKILL. */
    static StaleCgroups ofHost(Path root) {
        return new StaleCgroups(
                root, pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly), Ticker.system());
    }

    /** Sweeps once; best effort: whatever cannot be removed now is tried again at the next start. */
    Swept sweep() {
        long start = ticker.nanoTime();
        List<Environment> stale = staleEnvironments();
        for (Environment env : stale) {
            env.thaw();
        }
        for (Environment env : stale) {
            env.kill();
        }
        long deadline = ticker.nanoTime() + EXIT_WAIT.toNanos();
        while (stale.stream().anyMatch(Environment::hasProcesses) && ticker.nanoTime() < deadline) {
            pause();
        }
        int remaining = 0;
        for (Environment env : stale) {
            remaining += env.remove() ? 0 : 1;
        }
        for (Path node : staleNodes()) {
            CgroupFiles.remove(node);
        }
        return new Swept(stale.size(), remaining, Duration.ofNanos(ticker.nanoTime() - start));
    }

    /** One environment of a dead node: its directory under each hierarchy that has one. */
    private final class Environment {
        private final List<Path> dirs;

        Environment(List<Path> dirs) {
            this.dirs = dirs;
        }

        void thaw() {
            for (Path dir : dirs) {
                tryWrite(dir.resolve("freezer.state"), "THAWED"); // v1
                tryWrite(dir.resolve("cgroup.freeze"), "0"); // v2
            }
        }

        void kill() {
            for (Path dir : dirs) {
                tryWrite(dir.resolve("cgroup.kill"), "1"); // v2, from Linux 5.14
            }
            pids().forEach(kill::accept);
        }

        boolean hasProcesses() {
            return !pids().isEmpty();
        }

        private Set<Long> pids() {
            Set<Long> pids = new LinkedHashSet<>();
            for (Path dir : dirs) {
                try {
                    pids.addAll(CgroupFiles.pids(dir.resolve("cgroup.procs")));
                } catch (RuntimeException e) {
                    // unreadable: nothing to signal there
                }
            }
            return pids;
        }

        /** Whether every directory is gone. */
        boolean remove() {
            boolean removed = true;
            for (Path dir : dirs) {
                CgroupFiles.remove(dir);
                removed &= !Files.exists(dir);
            }
            return removed;
        }
    }

    private List<Environment> staleEnvironments() {
        Map<String, List<Path>> byName = new LinkedHashMap<>();
        for (Path node : staleNodes()) {
            for (Path env : subdirectories(node)) {
                byName.computeIfAbsent(node.getFileName() + "/" + env.getFileName(), k -> new ArrayList<>())
                        .add(env);
            }
        }
        return byName.values().stream().map(Environment::new).toList();
    }

    /** The {@code node-<pid>} directories, under every parent, whose pid is not alive. */
    private List<Path> staleNodes() {
        List<Path> nodes = new ArrayList<>();
        for (String parent : PARENTS) {
            for (Path node : subdirectories(root.resolve(parent))) {
                String name = node.getFileName().toString();
                if (name.startsWith("node-") && !alive(name.substring(5))) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    private static List<Path> subdirectories(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var children = Files.list(dir)) {
            return children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).isPresent();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void tryWrite(Path file, String value) {
        try {
            CgroupFiles.writeIfPresent(file, value);
        } catch (IOException e) {
            // a cgroup on its way out, or a file this kernel refuses: the kill below still applies
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
