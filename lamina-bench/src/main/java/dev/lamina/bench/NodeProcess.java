package dev.lamina.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lamina node in a process of its own, started the way an operator starts one:
 * {@code ./lamina server --port 0 --data-dir D} (the launcher builds the node first if it is stale),
 * with the credentials of {@link Signing} as its access key.
 * The node prints its endpoint when ready; {@link #close()} sends SIGTERM (the node then shuts its
 * function processes down), waits, and kills whatever is left of the process tree.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Lamina node ready at (http://\\S+)");

    private final Process process;
    private final URI endpoint;
    private final Deque<String> outputTail;

    private NodeProcess(Process process, URI endpoint, Deque<String> outputTail) {
        this.process = process;
        this.endpoint = endpoint;
        this.outputTail = outputTail;
    }

    /**
     * Waits (up to two minutes) until the node has made the Java client's class-data archive for
     * {@code runtime}, which it starts after that runtime's first cold start (decision 15), so that
     * measured cold starts are those of a node that has it, as every later one is. False if it did not.
     */
    boolean awaitClassDataArchive(String runtime) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String prefix = "lamina-node-" + pid() + "-";
        while (System.nanoTime() < deadline) {
            try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), prefix + "*")) {
                for (Path dir : dirs) {
                    try (var archives = Files.newDirectoryStream(dir.resolve("runtime/java-cds"), runtime + ".*")) {
                        if (archives.iterator().hasNext()) {
                            return true;
                        }
                    } catch (NoSuchFileException e) {
                        // not made yet
                    }
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * Starts the node and waits until it prints its endpoint.
     *
     * @param jvmOptions extra options for the node's JVM (through {@code JDK_JAVA_OPTIONS}), or empty
     * @param extraArgs more arguments for {@code lamina server}
     */
    static NodeProcess start(Path root, Path dataDir, String jvmOptions, List<String> extraArgs, long timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(root.resolve("lamina").toString(), "server", "--port", "0", "--data-dir", dataDir.toString()));
        extraArgs.stream().filter(a -> !a.isEmpty()).forEach(command::add);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.putAll(Signing.nodeEnvironment());
        if (!jvmOptions.isBlank()) {
            env.put("JDK_JAVA_OPTIONS", jvmOptions);
        }
        Process process = pb.start();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread.ofPlatform().daemon().name("node-output").start(() -> pump(process, ready, tail));
        try {
            return new NodeProcess(process, ready.get(timeoutSeconds, TimeUnit.SECONDS), tail);
        } catch (ExecutionException | TimeoutException e) {
            destroyTree(process);
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            throw new IOException("The node did not start (" + e.getMessage() + "); its output:\n" + output, e);
        }
    }

    private static void pump(Process process, CompletableFuture<URI> ready, Deque<String> tail) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 60) {
                        tail.removeFirst();
                    }
                }
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    ready.complete(URI.create(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process is gone; its exit is reported below
        }
        ready.completeExceptionally(new IOException("the node exited"));
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** The last lines the node printed (start-up banner, warnings). */
    List<String> recentOutput() {
        synchronized (outputTail) {
            return List.copyOf(outputTail);
        }
    }

    /** Stops the node; returns how many processes had to be killed by force. */
    int stop() {
        return destroyTree(process);
    }

    @Override
    public void close() {
        stop();
    }

    private static int destroyTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        process.destroy();
        int forced = 0;
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                forced++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // The node stops its function processes as it shuts down; give stragglers a moment to exit.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
                forced++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.destroyForcibly();
                forced++;
            }
        }
        return forced;
    }
}
