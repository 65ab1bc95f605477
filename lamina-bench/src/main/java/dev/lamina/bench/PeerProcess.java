package dev.lamina.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A peer (workerd, serverless-offline, lambda-local's server) in a process of its own, its output in
 * a log file. {@link #close()} stops the whole process tree: SIGTERM, then SIGKILL for whatever is
 * left after a few seconds; the benchmark closes every peer it started, also when a measurement fails.
 */
final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final long startedNanos;

    private PeerProcess(String name, Process process, Path log, long startedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command} in {@code dir}, with {@code env} added to this process's environment. */
    static PeerProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        return new PeerProcess(name, pb.start(), log, t0);
    }

    long pid() {
        return process.pid();
    }

    /** When the process was started ({@link System#nanoTime()}). */
    long startedNanos() {
        return startedNanos;
    }

    /**
     * Sends one request to {@code target} as soon as it accepts connections (trying every
     * millisecond) and returns when it answered, in {@link System#nanoTime()}; fails when the process
     * exits or {@code timeoutSeconds} pass.
     */
    long firstResponse(Target target, double timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            try (HttpConnection c = new HttpConnection(
                    target.address().getHost(), target.address().getPort())) {
                HttpConnection.Response r = c.exchange(c.post(
                        target.pathAndQuery(), Target.EVENT, target.headers().get()));
                long done = System.nanoTime();
                Probe.check(target, r);
                return done;
            } catch (ConnectException e) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited (" + process.exitValue() + "): " + logTail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not answer within " + timeoutSeconds + " s: " + logTail());
                }
                Thread.sleep(1);
            }
        }
    }

    /** Waits until {@code port} on the loopback accepts connections; fails when the process exits first. */
    void awaitPort(int port, double timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (ConnectException e) {
                if (!process.isAlive()) {
                    throw new IOException(name + " exited (" + process.exitValue() + "): " + logTail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not open port " + port + ": " + logTail());
                }
                Thread.sleep(5);
            }
        }
    }

    /** The proportional set size (shared pages split among their users) of the process and its descendants. */
    double memoryMb() {
        return treeMemoryMb(process.toHandle());
    }

    static double treeMemoryMb(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        long kb = 0;
        for (ProcessHandle h : tree) {
            kb += pssKb(h.pid()).orElse(0L);
        }
        return kb / 1024.0;
    }

    private static Optional<Long> pssKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            return lines.filter(l -> l.startsWith("Pss:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A loopback port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        stopTree(process.toHandle());
    }

    /** SIGTERM to the process and its descendants, SIGKILL after 5 s to what is left; waits for all. */
    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                h.destroyForcibly();
            }
        }
        tree.forEach(h -> {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // a process that survives SIGKILL for 5 s is stuck in the kernel; nothing more to do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
