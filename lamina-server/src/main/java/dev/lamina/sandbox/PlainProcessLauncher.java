package dev.lamina.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs each runtime as a plain child process of the node: no isolation and no limits. Peak memory is
 * the main process's VmHWM, reset through {@code /proc/<pid>/clear_refs}.
 */
public final class PlainProcessLauncher implements ProcessLauncher {

    @Override
    public Launched launch(List<String> command, Map<String, String> environment, Path workDir, Path output)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return new PlainProcess(pb.start());
    }

    @Override
    public boolean isolated() {
        return false;
    }

    private record PlainProcess(Process process) implements Launched {

        @Override
        public void destroy(long graceMillis) {
            List<ProcessHandle> tree = new ArrayList<>();
            process.descendants().forEach(tree::add);
            process.destroy();
            tree.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process.descendants().forEach(tree::add);
            tree.forEach(ProcessHandle::destroyForcibly);
        }

        @Override
        public long peakMemoryBytes() {
            try {
                for (String line :
                        Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"), StandardCharsets.US_ASCII)) {
                    if (line.startsWith("VmHWM:")) {
                        String kb = line.substring(6).trim().split("\\s+")[0];
                        return Long.parseLong(kb) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }

        @Override
        public void resetPeakMemory() {
            try {
                Files.writeString(Path.of("/proc/" + process.pid() + "/clear_refs"), "5");
            } catch (IOException e) {
                // the process is gone; nothing to reset
            }
        }
    }
}
