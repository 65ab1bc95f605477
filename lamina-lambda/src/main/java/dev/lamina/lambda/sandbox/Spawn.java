package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts a process the way every launcher does: no stdin, stdout and stderr into the output, no
 * inherited environment. Every process is forked by one platform thread that lives as long as the
 * node: bubblewrap's {@code --die-with-parent} (the kernel's parent-death signal) fires when the
 * <em>thread</em> that forked it ends, and a virtual thread's carrier, or any pooled thread, can end
 * while its sandboxes still run.
 */
final class Spawn {
    private static final ExecutorService FORKER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("lamina-spawn").factory());

    private Spawn() {}

    static Process start(List<String> argv, Map<String, String> environment, Path workDir, Path output)
            throws IOException {
        return start(argv, environment, workDir, output, false);
    }

    /** With {@code stdinPipe}, the process's stdin is a pipe the caller writes to; else /dev/null. */
    static Process start(
            List<String> argv, Map<String, String> environment, Path workDir, Path output, boolean stdinPipe)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectInput(
                        stdinPipe
                                ? ProcessBuilder.Redirect.PIPE
                                : ProcessBuilder.Redirect.from(
                                        Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Future<Process> started = FORKER.submit(pb::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // waited for even when interrupted: a started process is the caller's to stop
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error error -> throw error;
                default -> throw new IOException(e.getCause());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
