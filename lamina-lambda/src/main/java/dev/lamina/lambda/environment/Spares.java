package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtime.HostRuntime;
import dev.lamina.lambda.runtime.RuntimeFamily;
import dev.lamina.lambda.runtime.RuntimePaths;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Sandboxes started ahead of demand, one per runtime in use: a cold start takes the spare, links the
 * function's code into it, sizes its cgroup and tells it what to run, skipping bubblewrap's set-up
 * (the larger part of the sandbox's cost). A spare is started again after each one is taken.
 * Only for sandboxes with network and the default 512 MB {@code /tmp}; others start as usual.
 */
public final class Spares implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Spares.class.getName());
    static final int TMP_MB = 512;
    /** Packages with more files than this start the usual way: linking them would cost more. */
    static final int MAX_FILES = 2000;

    /**
     * A sandbox waiting for its function.
     *
     * @param dir holds the (empty) directories the sandbox shows at /var/task and /opt
     * @param preload the Node.js or JVM it runs already, or {@code null} when it may run any function of
     *     its runtime
     */
    record Spare(
            String id, ProcessLauncher.Sandbox box, Process process, EnvironmentLog log, Path dir, Preload preload) {
        Path taskDir() {
            return dir.resolve("task");
        }

        Path optDir() {
            return dir.resolve("opt");
        }
    }

    private final EnvironmentContext ctx;
    private final Path dir;
    private final Map<String, Spare> ready = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();
    /** Per runtime, the memory size of its latest cold start: what its next preloaded spare is started for. */
    private final Map<String, Integer> memory = new ConcurrentHashMap<>();

    private volatile boolean closed;

    public Spares(EnvironmentContext ctx, Path dir) throws IOException {
        this.ctx = ctx;
        this.dir = Files.createDirectories(dir);
    }

    /**
     * A spare for {@code runtime} with the package at {@code taskRoot} and the merged layers at
     * {@code optDir} (or {@code null}) linked in, or {@code null} when none is ready or this function
     * cannot use one. The caller owns it from now on.
     *
     * @param own the function's own environment variables
     * @param command the function's command in a sandbox like this spare's: what a preloaded spare is
     *     then sent, computed once
     */
    Claimed claim(
            HostRuntime runtime,
            Path taskRoot,
            Path optDir,
            int tmpMb,
            int memoryMb,
            Map<String, String> own,
            Function<ProcessLauncher.Sandbox, List<String>> command) {
        if (tmpMb != TMP_MB) {
            return null;
        }
        Spare spare = take(runtime);
        if (spare == null) {
            memory.put(runtime.name(), memoryMb);
            return null;
        }
        List<String> commandLine = spare.preload() == null ? null : command.apply(spare.box());
        Preload.Fit fit =
                spare.preload() == null ? Preload.Fit.RUNS : spare.preload().fit(commandLine, own, taskRoot, optDir);
        if (fit == Preload.Fit.ELSEWHERE) {
            // it stays for the runtime's other functions (and is sized for them)
            if (ready.putIfAbsent(runtime.name(), spare) != null || closed && ready.remove(runtime.name(), spare)) {
                discard(spare);
            }
            return null;
        }
        memory.put(runtime.name(), memoryMb);
        if (fit == Preload.Fit.STALE) {
            discard(spare); // the next one is started as the runtime's functions now start
            return null;
        }
        try {
            int linked = link(taskRoot, spare.taskDir(), MAX_FILES);
            if (optDir != null) {
                link(optDir, spare.optDir(), MAX_FILES - linked);
            }
            return new Claimed(spare, commandLine);
        } catch (IOException e) {
            discard(spare);
            return null;
        }
    }

    /**
     * A spare a cold start took, with the command a preloaded one was checked with (what it must be
     * sent), or {@code null} for a spare that runs whatever it is told.
     */
    record Claimed(Spare spare, List<String> command) {}

    /** The waiting spare for {@code runtime}, if one is alive; the caller owns it from now on. */
    Spare take(HostRuntime runtime) {
        Spare spare = ready.remove(runtime.name());
        if (spare != null && !spare.process().isAlive()) {
            discard(spare);
            return null;
        }
        return spare;
    }

    /** Starts a spare for {@code runtime} in the background, unless one is ready or starting. */
    public void replenish(HostRuntime runtime) {
        if (closed
                || !ctx.launcher().isolated()
                || ready.containsKey(runtime.name())
                || !starting.add(runtime.name())) {
            return;
        }
        Thread.ofVirtual().name("spare-" + runtime.name()).start(() -> {
            try {
                Spare spare = start(runtime);
                if (closed || ready.putIfAbsent(runtime.name(), spare) != null) {
                    stop(spare);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "could not start a spare sandbox for " + runtime.name(), e);
            } finally {
                starting.remove(runtime.name());
            }
        });
    }

    private Spare start(HostRuntime runtime) throws IOException {
        byte[] random = new byte[16];
        ctx.random().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Path home = Files.createDirectory(dir.resolve(id));
        for (Path p : List.of(
                home, Files.createDirectory(home.resolve("task")), Files.createDirectory(home.resolve("opt")))) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        EnvironmentLog log = new EnvironmentLog(ctx, "/aws/lambda/lamina-spare", "$LATEST", id);
        ProcessLauncher.Sandbox box = null;
        // the memory size of the runtime's latest cold start: a preloaded runtime sizes itself by its
        // cgroup's limit as it starts, as one started for such a function does
        int memoryMb = memory.getOrDefault(runtime.name(), 128);
        try {
            box = ctx.launcher()
                    .prepare(new SandboxSpec(
                            id,
                            home.resolve("task"),
                            ctx.runtimeFiles().dir(),
                            runtime.interpreter(),
                            memoryMb,
                            TMP_MB,
                            home.resolve("opt")));
            Preload preload = null;
            Process process;
            var preloader = ctx.runtimeFiles().preloader(runtime, memoryMb, box.runtimeDirInside());
            if (runtime.family() == RuntimeFamily.PYTHON) {
                process = box.startPreloaded(
                        log.pipePath(),
                        ctx.runtimeFiles().pythonPreloadCommand(runtime, box.runtimeDirInside()),
                        preloadEnvironment(runtime, box));
            } else if (preloader.isPresent()) {
                preload = new Preload(preloader.get().runs(), preloadEnvironment(runtime, box), paths(box));
                process = box.startPreloaded(log.pipePath(), preloader.get().command(), preload.environment());
            } else {
                process = box.startWaiting(log.pipePath());
            }
            log.unlink();
            return new Spare(id, box, process, log, home, preload);
        } catch (IOException | RuntimeException e) {
            if (box != null) {
                box.destroy(0);
                box.close();
            }
            log.close();
            deleteTree(home);
            throw e;
        }
    }

    /** What every function of the runtime starts from; a function that changes a start-up variable execs afresh. */
    private static Map<String, String> preloadEnvironment(HostRuntime runtime, ProcessLauncher.Sandbox box) {
        return RuntimeEnvironment.defaults(runtime.name(), paths(box));
    }

    private static RuntimePaths paths(ProcessLauncher.Sandbox box) {
        return new RuntimePaths(box.taskRootInside(), box.runtimeDirInside(), box.optDirInside(), false);
    }

    /**
     * Makes {@code into} hold the tree at {@code from}: hard links to its files, so nothing is copied.
     * Returns how many paths it linked or made; more than {@code budget} is an IOException.
     */
    static int link(Path from, Path into, int budget) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            var paths = walk.limit(budget + 1L).toList();
            if (paths.size() > budget) {
                throw new IOException("more than " + MAX_FILES + " files");
            }
            for (Path p : paths) {
                Path target = into.resolve(from.relativize(p).toString());
                // NOFOLLOW: a package's link to a directory stays a link (as on Lambda), and the
                // host never looks through it at what it points to
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                } else {
                    Files.createLink(target, p); // link(2) of a symbolic link links the link itself
                }
            }
            return paths.size();
        }
    }

    void discard(Spare spare) {
        Thread.ofVirtual().start(() -> stop(spare));
    }

    private static void stop(Spare spare) {
        spare.box().destroy(0);
        spare.process().onExit().join();
        spare.box().close();
        spare.log().close();
        deleteTree(spare.dir());
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "removing " + dir, e);
        }
    }

    /** Stops every spare and waits until they are gone. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < 500 && !starting.isEmpty(); i++) {
            try {
                Thread.sleep(10); // a spare being started stops itself once it sees closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (String key : Set.copyOf(ready.keySet())) {
            Spare spare = ready.remove(key);
            if (spare != null) {
                stop(spare);
            }
        }
    }
}
