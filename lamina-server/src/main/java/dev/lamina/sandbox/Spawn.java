package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts a process the way every launcher does: no stdin, stdout and stderr into the output, no inherited environment. */
final class Spawn {
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
        return pb.start();
    }
}
