package dev.lamina.lambda.environment;

import dev.lamina.lambda.runtime.HostRuntime;
import dev.lamina.lambda.runtime.JavaClassData;
import dev.lamina.lambda.runtimeapi.RuntimeApiServer;
import dev.lamina.lambda.runtimeapi.RuntimeSession;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a class-data archive (AppCDS, JDK 13 and later) of AWS's Java runtime client for each Java
 * runtime in use (decision 15): the classes the client loads to start and serve an invocation are
 * then mapped from the archive, parsed and verified already, instead of read from its jars. A JVM
 * that has one starts in about half the CPU time.
 *
 * <p>The archive is made once per node and JDK, in the background after that runtime's first cold
 * start: a training run of the client, in a sandbox like any function's (so its class path has the
 * paths every runtime sees, which the archive records), serves one invocation of
 * {@code java.util.Collections::unmodifiableMap} (the client's POJO path both ways: an event of every
 * JSON type parsed into a map, and a map serialised back; a void result left the serialising classes
 * out, ~10 ms of a Java function's first invocation), then gets SIGTERM while it waits for the next one; the JVM writes the archive at exit into
 * its private {@code /tmp}, and a shell copies it to the run's output, which the node keeps. Until it
 * exists, and for functions that pass the JVM options of their own, runtimes start without it.
 *
 * <p>Thread-safe; {@link #prepare} returns at once, the training runs on a virtual thread.
 */
public final class ClassDataArchives implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClassDataArchives.class.getName());
    /** A training run that takes longer than this is stopped; its runtime goes without an archive. */
    private static final long TRAINING_TIMEOUT_SECONDS = 120;
    /** Memory for the training JVM: enough for the archive's dump at exit. */
    private static final int TRAINING_MEMORY_MB = 512;

    private static final String TRAINING_HANDLER = "java.util.Collections::unmodifiableMap";

    private final EnvironmentContext ctx;
    private final Path workDir;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ClassDataArchives(EnvironmentContext ctx, Path workDir) {
        this.ctx = ctx;
        this.workDir = workDir;
    }

    /** Starts making {@code runtime}'s archive in the background, unless it is not Java or was started before. */
    public void prepare(HostRuntime runtime) {
        if (closed || JavaClassData.of(runtime) == JavaClassData.NONE || !started.add(runtime.name())) {
            return;
        }
        Thread t = Thread.ofVirtual().name("cds-" + runtime.name()).unstarted(() -> {
            try {
                train(runtime);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.INFO, "no class-data archive for " + runtime.name() + "; its JVMs start without one", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(t);
        t.start();
    }

    private void train(HostRuntime runtime) throws IOException, InterruptedException {
        Path target = ctx.runtimeFiles().classDataArchive(runtime);
        if (Files.isRegularFile(target)) {
            return;
        }
        byte[] random = new byte[16];
        ctx.random().nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Path taskRoot = Files.createDirectories(workDir.resolve(id));
        Files.setPosixFilePermissions(taskRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path output = workDir.resolve(id + ".jsa");
        Files.createFile(output);
        ProcessLauncher.Sandbox box = null;
        RuntimeApiServer api = null;
        Process process = null;
        OneInvocation session = new OneInvocation(ctx.clock().millis() + 60_000);
        try {
            box = ctx.launcher()
                    .prepare(new SandboxSpec(
                            "cds-" + id,
                            taskRoot,
                            ctx.runtimeFiles().dir(),
                            runtime.interpreter(),
                            TRAINING_MEMORY_MB,
                            512,
                            null));
            api = RuntimeApiPeers.open(ctx, box, session, RuntimeApiPeers.of(ctx, box));
            process = box.start(
                    trainingCommand(runtime, box.runtimeDirInside(), id),
                    trainingEnvironment(api.address(), box),
                    output);
            boolean served = false;
            long deadline = ctx.ticker().nanoTime() + TimeUnit.SECONDS.toNanos(TRAINING_TIMEOUT_SECONDS);
            while (!served && process.isAlive() && ctx.ticker().nanoTime() - deadline < 0) {
                served = session.answered.await(100, TimeUnit.MILLISECONDS);
            }
            if (served) {
                stopJvm(process);
            }
            if (!served || !process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("the training run of " + runtime.name() + " did not finish");
            }
            if (!isArchive(output)) {
                throw new IOException("the training run of " + runtime.name() + " wrote no archive");
            }
            Files.createDirectories(target.getParent());
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("r--r--r--"));
            Files.move(output, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.fine("class-data archive for " + runtime.name() + ": " + Files.size(target) + " bytes");
        } finally {
            if (box != null) {
                box.destroy(0);
                if (process != null) {
                    process.onExit().join();
                }
                box.close();
            }
            if (api != null) {
                api.close();
            }
            Files.deleteIfExists(output);
            Spares.deleteTree(taskRoot);
            removeTrainingLeftovers(id);
        }
    }

    /**
     * Unsandboxed, the training JVM writes into the host's {@code /tmp}; what its shell could not
     * remove (a JVM stopped before it finished writing) goes here.
     */
    private static void removeTrainingLeftovers(String id) {
        try (var leftovers = Files.newDirectoryStream(Path.of("/tmp"), "lamina-cds-" + id + "*")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.fine("could not remove the training run's files: " + e.getMessage());
        }
    }

    /**
     * The JVM with the runtime's own options and class path, dumping at exit into {@code /tmp}, under a
     * shell that then copies the archive to its output (the JVM's own output is dropped).
     */
    private List<String> trainingCommand(HostRuntime runtime, Path runtimeDir, String id) {
        String archive = "/tmp/lamina-cds-" + id;
        List<String> jvm = new ArrayList<>(ctx.runtimeFiles()
                .javaCommand(runtime, 128, runtimeDir, JavaClassData.of(runtime).trainingOptions(archive)));
        jvm.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
        jvm.add(TRAINING_HANDLER);
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "\"$@\" >/dev/null 2>&1; cat '" + archive + "'; status=$?; rm -f '" + archive + "'*; exit $status",
                "lamina-cds"));
        command.addAll(jvm);
        return command;
    }

    private static Map<String, String> trainingEnvironment(String runtimeApi, ProcessLauncher.Sandbox box) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", TRAINING_HANDLER);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "lamina-cds-training");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/lamina-cds-training");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "training");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", box.taskRootInside().toString());
        env.put("LAMBDA_RUNTIME_DIR", box.runtimeDirInside().toString());
        return env;
    }

    /** SIGTERM to the JVM alone (its shell must live on to copy the archive); the JVM dumps as it exits. */
    private static void stopJvm(Process process) {
        process.descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .forEach(ProcessHandle::destroy);
    }

    private static boolean isArchive(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return JavaClassData.isArchive(in.readNBytes(4));
        }
    }

    /** Waits for running trainings to end (each stops within its timeout); later calls to prepare do nothing. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : List.copyOf(running)) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A Runtime API session that hands out one invocation and then holds the runtime in {@code /next}. */
    private static final class OneInvocation implements RuntimeSession {
        private final CountDownLatch answered = new CountDownLatch(1);
        private final AtomicBoolean delivered = new AtomicBoolean();
        /** The training invocation's deadline, as Lambda's clients read it (wall-clock epoch milliseconds). */
        private final long deadlineEpochMs;

        OneInvocation(long deadlineEpochMs) {
            this.deadlineEpochMs = deadlineEpochMs;
        }

        @Override
        public void next(Next next) {
            if (delivered.compareAndSet(false, true)) {
                next.deliver(new Delivery(
                        "00000000-0000-4000-8000-000000000000",
                        deadlineEpochMs,
                        "arn:aws:lambda:us-east-1:000000000000:function:lamina-cds-training",
                        null,
                        null,
                        null,
                        "application/json",
                        "{\"training\":true,\"n\":1,\"x\":1.5,\"s\":\"t\",\"l\":[1,\"a\"],\"m\":{\"k\":null}}"
                                .getBytes(StandardCharsets.UTF_8)));
                return;
            }
            // The runtime waits in this /next, never answered, until the training run is stopped.
            answered.countDown();
        }

        @Override
        public void respond(String requestId, byte[] body, String contentType) {}

        @Override
        public void fail(String requestId, byte[] body, String errorTypeHeader) {}

        @Override
        public void initError(byte[] body, String errorTypeHeader) {}

        @Override
        public void responseTooLarge(String requestId) {}
    }
}
