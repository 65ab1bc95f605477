package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs each runtime as a plain child process of the node: no isolation and no limits, for hosts
 * that cannot sandbox. Peak memory is the main process's VmHWM, reset through
 * {@code /proc/<pid>/clear_refs}.
 */
public final class PlainProcessLauncher implements ProcessLauncher {
    /** Where the node's AWS endpoint listens, once it does. */
    private volatile java.net.InetSocketAddress node;

    @Override
    public void nodeListensAt(java.net.InetSocketAddress address) {
        node = address;
    }

    @Override
    public java.util.Optional<String> nodeEndpoint(Sandbox sandbox) {
        return java.util.Optional.ofNullable(node).map(ProcessLauncher::onHostNetwork);
    }

    @Override
    public Sandbox prepare(SandboxSpec spec) {
        return new PlainSandbox(spec);
    }

    @Override
    public boolean isolated() {
        return false;
    }

    private static final class PlainSandbox implements Sandbox {
        private final SandboxSpec spec;
        private volatile Process process;

        PlainSandbox(SandboxSpec spec) {
            this.spec = spec;
        }

        @Override
        public OptionalInt uid() {
            return OptionalInt.empty();
        }

        @Override
        public Path taskRootInside() {
            return spec.taskRoot();
        }

        @Override
        public Path runtimeDirInside() {
            return spec.runtimeDir();
        }

        @Override
        public Path optDirInside() {
            return spec.optDir() != null ? spec.optDir() : Path.of("/opt");
        }

        @Override
        public Process start(List<String> command, Map<String, String> environment, Path output) throws IOException {
            process = Spawn.start(command, environment, spec.taskRoot(), output);
            return process;
        }

        @Override
        public void destroy(long graceMillis) {
            Process p = process;
            if (p == null) {
                return;
            }
            List<ProcessHandle> tree = new ArrayList<>();
            p.descendants().forEach(tree::add);
            p.destroy();
            tree.forEach(ProcessHandle::destroy);
            try {
                if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            p.descendants().forEach(tree::add);
            tree.forEach(ProcessHandle::destroyForcibly);
        }

        @Override
        public long peakMemoryBytes() {
            Process p = process;
            if (p == null) {
                return -1;
            }
            try {
                for (String line :
                        Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"), StandardCharsets.US_ASCII)) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }

        @Override
        public void resetPeakMemory() {
            Process p = process;
            if (p == null) {
                return;
            }
            try {
                Files.writeString(Path.of("/proc/" + p.pid() + "/clear_refs"), "5");
            } catch (IOException e) {
                // the process is gone; nothing to reset
            }
        }

        @Override
        public boolean outOfMemory() {
            return false;
        }

        @Override
        public void freeze() {}

        @Override
        public void thaw() {}

        @Override
        public void close() {}
    }
}
