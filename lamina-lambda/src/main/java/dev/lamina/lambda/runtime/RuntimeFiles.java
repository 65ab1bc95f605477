package dev.lamina.lambda.runtime;

import dev.lamina.lambda.runtime.preload.JavaPreload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lamina's runtime interface clients (Python, Node.js, Ruby; AWS's for Java), shipped inside the node's jar and written out at start-up to
 * one directory that every environment reads ({@code /var/runtime} in a sandbox), with what makes
 * them start faster (decision 15): the Python client byte-compiled by each Python the node runs, and,
 * once {@code ClassDataArchives} has made one, a class-data archive of the Java client per JDK.
 */
public final class RuntimeFiles {
    private static final Logger LOG = Logger.getLogger(RuntimeFiles.class.getName());
    static final List<String> FILES = List.of(
            "python/bootstrap.py",
            "python/preload.py",
            "nodejs/bootstrap.cjs",
            "nodejs/preload.cjs",
            "ruby/bootstrap.rb",
            "java/aws-lambda-java-runtime-interface-client.jar",
            "java/aws-lambda-java-core.jar",
            "java/aws-lambda-java-serialization.jar",
            "java/utils-lite.jar");

    private final Path dir;
    /** Done once the Python clients are byte-compiled and the JNI library unpacked (or given up on). */
    private final CompletableFuture<Void> prepared;

    private RuntimeFiles(Path dir, CompletableFuture<Void> prepared) {
        this.dir = dir;
        this.prepared = prepared;
    }

    /** AWS's Java runtime client's main class. */
    private static final String JAVA_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** Where the Java preloader's class file is written (a class path directory). */
    static final String JAVA_PRELOAD = "java-preload";

    /** Where class-data archives of the Java client live, one per Java runtime. */
    static final String ARCHIVES = "java-cds";

    /**
     * The Java client's JNI library for this host, unpacked once: the client otherwise copies it out
     * of its jar into {@code /tmp} at every start (~0.8 MB) before loading it.
     */
    static final String JNI_LIBRARY = "java-jni/libaws-lambda-jni.so";

    private static final String JNI_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /**
     * Writes the clients under {@code dir}, replacing older copies, then, in the background,
     * byte-compiles the Python client with each Python runtime in {@code runtimes} (a Python that
     * cannot leaves its runtime on the source, which works the same, only slower to start) and unpacks
     * the Java client's JNI library. Those take an interpreter's start per Python and a read of a jar,
     * which no request needs before a Python or Java function starts, so they no longer hold up the
     * node's start (its port opens meanwhile); the first command of those runtimes waits for them.
     */
    public static RuntimeFiles install(Path dir, Collection<HostRuntime> runtimes, Path nodeSdk) {
        writeClients(dir);
        if (nodeSdk != null) {
            linkNodeSdk(dir.resolve("node_modules"), nodeSdk);
        }
        List<HostRuntime> pythons = runtimes.stream()
                .filter(r -> r.family() == RuntimeFamily.PYTHON)
                .toList();
        boolean java = runtimes.stream().anyMatch(r -> r.family() == RuntimeFamily.JAVA);
        CompletableFuture<Void> prepared = new CompletableFuture<>();
        RuntimeFiles files = new RuntimeFiles(dir, prepared);
        Thread.ofVirtual().name("runtime-files").start(() -> {
            try {
                pythons.forEach(files::compilePython);
                if (java) {
                    files.unpackJni();
                }
            } finally {
                prepared.complete(null);
            }
        });
        return files;
    }

    /**
     * Makes {@code link} ({@code /var/runtime/node_modules} as Node.js functions see it) lead to the
     * SDK, which sandboxes see at its own path (the launcher shares it read-only).
     */
    private static void linkNodeSdk(Path link, Path nodeSdk) {
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, nodeSdk);
        } catch (IOException e) {
            throw new UncheckedIOException("linking the Node.js SDK at " + link, e);
        }
    }

    /** Writes the clients under {@code dir}, replacing older copies. */
    public static RuntimeFiles install(Path dir) {
        writeClients(dir);
        return new RuntimeFiles(dir, CompletableFuture.completedFuture(null));
    }

    /**
     * Waits (up to a minute) until the background work of {@link #install(Path, Collection)} is done,
     * so that every Python and Java start gets the byte-compiled client and the unpacked library once
     * they exist; past that, the command goes on without them, as it would where they cannot be made.
     */
    private void awaitPrepared() {
        try {
            prepared.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "preparing the runtime clients took too long; starting without", e);
        }
    }

    private static void writeClients(Path dir) {
        try {
            for (String name : FILES) {
                Path target = dir.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = RuntimeFiles.class.getResourceAsStream("/lamina/runtime/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("The node's jar lacks the runtime file " + name);
                    }
                    Path tmp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(
                            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            String preloader = JavaPreload.class.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(JAVA_PRELOAD).resolve(preloader);
            Files.createDirectories(target.getParent());
            try (InputStream in = RuntimeFiles.class.getResourceAsStream("/" + preloader)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Byte-compiles {@code python/bootstrap.py} with {@code runtime}'s interpreter into
     * {@code python/bootstrap.<runtime>.pyc}, which {@link #command} then runs: a script is compiled
     * on every start, a {@code .pyc} is not (about 4 ms, and sandboxes cannot write a cache).
     */
    private void compilePython(HostRuntime runtime) {
        Path source = dir.resolve("python/bootstrap.py");
        Path target = compiledPython(runtime);
        try {
            Path tmp = Files.createTempFile(target.getParent(), ".compile-", ".pyc");
            Process p = new ProcessBuilder(
                            runtime.interpreter().toString(),
                            "-I",
                            "-c",
                            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
                            source.toString(),
                            tmp.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.size(tmp) > 0) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                p.destroyForcibly();
                Files.deleteIfExists(tmp);
                LOG.warning("could not byte-compile the Python runtime client with " + runtime.interpreter());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not byte-compile the Python runtime client with " + runtime.interpreter(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Unpacks the client's JNI library for this host, only where that is sure to be the right one: a
     * glibc host (its loader present, no musl loader beside it) on x86-64 or AArch64. Elsewhere the
     * client goes on finding its library itself, trying each in turn.
     */
    private void unpackJni() {
        Path target = dir.resolve(JNI_LIBRARY);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch_64";
            default -> null;
        };
        String glibcLoader = "x86_64".equals(arch) ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1";
        String muslLoader = "/lib/ld-musl-" + ("x86_64".equals(arch) ? "x86_64" : "aarch64") + ".so.1";
        try {
            Files.deleteIfExists(target); // never an older client's library
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not remove " + target, e);
            return;
        }
        if (arch == null || !Files.exists(Path.of(glibcLoader)) || Files.exists(Path.of(muslLoader))) {
            return;
        }
        String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
        try (ZipFile jar = new ZipFile(
                dir.resolve("java/aws-lambda-java-runtime-interface-client.jar").toFile())) {
            ZipEntry library = jar.getEntry(entry);
            if (library == null) {
                return;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".install-", ".tmp");
            try (InputStream in = jar.getInputStream(library)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not unpack the Java client's JNI library: each JVM unpacks its own", e);
        }
    }

    private Path compiledPython(HostRuntime runtime) {
        return dir.resolve("python/bootstrap." + runtime.name() + ".pyc");
    }

    /** Where the class-data archive of the Java client for {@code runtime} is (or will be) kept. */
    public Path classDataArchive(HostRuntime runtime) {
        return dir.resolve(JavaClassData.relative(runtime));
    }

    /** The command that starts a runtime for a function without layers and variables of its own. */
    public List<String> command(HostRuntime runtime, String handler, int memoryMb, Path taskRoot, Path runtimeDir) {
        return command(
                runtime, handler, memoryMb, new RuntimePaths(taskRoot, runtimeDir, RuntimePaths.OPT, false), Map.of());
    }

    /**
     * The command that starts a runtime for a function, in the paths the runtime sees.
     *
     * @param functionEnvironment the function's own variables: a JVM the function tunes with
     *     {@code JAVA_TOOL_OPTIONS} (or the launcher's option variables) starts without the class-data
     *     archive, which its options might not match (the JVM would print a warning into its log)
     */
    public List<String> command(
            HostRuntime runtime,
            String handler,
            int memoryMb,
            RuntimePaths paths,
            Map<String, String> functionEnvironment) {
        Path runtimeDir = paths.runtimeDir();
        return switch (runtime.family()) {
            case PYTHON -> {
                awaitPrepared();
                Path compiled = compiledPython(runtime);
                String client =
                        Files.isRegularFile(compiled) ? "python/" + compiled.getFileName() : "python/bootstrap.py";
                yield python(runtime, runtimeDir.resolve(client));
            }
            case NODEJS -> node(runtime, memoryMb, runtimeDir.resolve("nodejs/bootstrap.cjs"));
            case RUBY ->
                List.of(
                        runtime.interpreter().toString(),
                        runtimeDir.resolve("ruby/bootstrap.rb").toString());
            case JAVA -> {
                String archive = Files.isRegularFile(classDataArchive(runtime))
                        ? runtimeDir.resolve(JavaClassData.relative(runtime)).toString()
                        : null;
                List<String> command = new ArrayList<>(javaCommand(
                        runtime,
                        memoryMb,
                        runtimeDir,
                        JavaClassData.of(runtime).useOptions(archive, functionEnvironment)));
                if (paths.optElsewhere()) {
                    // AWS's client adds /opt/java/lib/*.jar itself; where layers are elsewhere (plain
                    // processes) their jars follow the client's on the class path (which a class-data
                    // archive allows: its class path stays a prefix).
                    int classPath = command.size() - 1;
                    command.set(
                            classPath,
                            command.get(classPath) + ":" + paths.optDir().resolve("java/lib") + "/*");
                }
                if (JavaClassData.choosesItsCollector(functionEnvironment)) {
                    command.remove("-XX:+UseSerialGC"); // two collectors would stop the JVM from starting
                }
                command.add(JAVA_CLIENT);
                command.add(handler);
                yield List.copyOf(command);
            }
            case PROVIDED ->
                List.of((paths.bootstrapInOpt() ? paths.optDir() : paths.taskRoot())
                        .resolve("bootstrap")
                        .toString());
        };
    }

    /**
     * What a Python spare runs ahead of demand (decision 19): the interpreter with the options
     * {@link #command} gives it, running the preloader, which takes over only a command that matches.
     */
    public List<String> pythonPreloadCommand(HostRuntime runtime, Path runtimeDir) {
        awaitPrepared();
        return python(runtime, runtimeDir.resolve("python/preload.py"));
    }

    /**
     * What a Node.js or Java spare runs ahead of demand (decision 53), and how the command of each
     * function it may run begins.
     */
    public record Preloader(List<String> command, List<String> runs) {}

    /**
     * The preloader for functions of {@code runtime} and {@code memoryMb} (decision 53): the interpreter
     * with the options {@link #command} gives such a function, running Lamina's preloader; empty for
     * runtimes without one (Python's spares preload on their own, JDKs before 25 lack what the Java
     * preloader needs).
     */
    public Optional<Preloader> preloader(HostRuntime runtime, int memoryMb, Path runtimeDir) {
        switch (runtime.family()) {
            case NODEJS -> {
                List<String> command = node(runtime, memoryMb, runtimeDir.resolve("nodejs/preload.cjs"));
                return Optional.of(new Preloader(command, command.subList(0, command.size() - 1)));
            }
            case JAVA -> {
                if (JavaClassData.of(runtime) != JavaClassData.AOT_CACHE) {
                    return Optional.empty();
                }
                List<String> runs =
                        new ArrayList<>(command(runtime, "-", memoryMb, sandboxPaths(runtimeDir), Map.of()));
                runs.subList(runs.size() - 2, runs.size()).clear(); // the client's main class and the handler
                List<String> command = new ArrayList<>(runs);
                int classPath = command.size() - 1;
                command.set(classPath, command.get(classPath) + ":" + runtimeDir.resolve(JAVA_PRELOAD));
                command.add(JavaPreload.class.getName());
                command.add(JAVA_CLIENT);
                return Optional.of(new Preloader(List.copyOf(command), List.copyOf(runs)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static RuntimePaths sandboxPaths(Path runtimeDir) {
        return new RuntimePaths(Path.of("/var/task"), runtimeDir, RuntimePaths.OPT, false);
    }

    private static List<String> node(HostRuntime runtime, int memoryMb, Path script) {
        return List.of(
                runtime.interpreter().toString(),
                "--max-old-space-size=" + Math.max(64, memoryMb * 85 / 100),
                script.toString());
    }

    private static List<String> python(HostRuntime runtime, Path script) {
        return List.of(runtime.interpreter().toString(), "-u", script.toString());
    }

    /**
     * The JVM and its options, up to the main class: the same for a function's runtime and for the
     * run that makes its class-data archive, whose class path must match.
     *
     * @param classDataOptions how the JVM shares class data ({@link JavaClassData})
     */
    public List<String> javaCommand(HostRuntime runtime, int memoryMb, Path runtimeDir, List<String> classDataOptions) {
        awaitPrepared();
        List<String> command = new ArrayList<>();
        command.add(runtime.interpreter().toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(classDataOptions);
        if (Files.isRegularFile(dir.resolve(JNI_LIBRARY))) {
            command.add("-D" + JNI_PROPERTY + "=" + runtimeDir.resolve(JNI_LIBRARY));
        }
        command.addAll(List.of(
                "-XX:MaxHeapSize=" + Math.max(64, memoryMb * 85 / 100) + "m",
                "-XX:-UsePerfData",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                runtimeDir.resolve("java").toString() + "/*"));
        return command;
    }
}
