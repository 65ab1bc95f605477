package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v2: one directory per environment under {@code <base>} in the unified hierarchy, with the
 * memory, cpu and pids controllers enabled for its children and the built-in freezer.
 */
final class CgroupV2 implements Cgroups {
    private final Path root;
    private final Path base;

    /** @param base this node's parent cgroup, relative to {@code root} (e.g. {@code lamina/node-42}) */
    CgroupV2(Path root, String base) {
        this.root = root;
        this.base = root.resolve(base);
    }

    @Override
    public void close() {
        CgroupFiles.remove(base);
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    public Cgroup create(String id, Limits limits) throws IOException {
        if (!Files.isDirectory(base)) {
            Files.createDirectories(base);
        }
        // Controllers must be enabled at every level from the root down to this node's parent.
        Path level = root;
        enableControllers(level);
        for (Path part : root.relativize(base)) {
            level = level.resolve(part);
            enableControllers(level);
        }
        Path dir = Files.createDirectories(base.resolve(id));
        V2 cgroup = new V2(dir);
        cgroup.update(limits);
        return cgroup;
    }

    private static void enableControllers(Path dir) throws IOException {
        Path control = dir.resolve("cgroup.subtree_control");
        if (!Files.exists(control)) {
            return;
        }
        String enabled = Files.readString(control);
        for (String controller : List.of("memory", "cpu", "pids")) {
            if (!enabled.contains(controller)) {
                try {
                    CgroupFiles.write(control, "+" + controller);
                } catch (IOException e) {
                    if (!controller.equals("cpu")) {
                        throw e;
                    }
                }
            }
        }
    }

    private static final class V2 implements Cgroup {
        private final Path dir;
        /** Read and reset on every invocation; on kernels before 6.12 the reset is refused. */
        private final CgroupFiles.Kept peak;

        private final CgroupFiles.Kept current;

        V2(Path dir) {
            this.dir = dir;
            this.peak = new CgroupFiles.Kept(dir.resolve("memory.peak"));
            this.current = new CgroupFiles.Kept(dir.resolve("memory.current"));
        }

        @Override
        public void update(Limits limits) throws IOException {
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            CgroupFiles.writeIfPresent(dir.resolve("memory.swap.max"), "0");
            int weight = Math.max(1, Math.min(10_000, limits.cpuWeight() * 100 / 1024));
            CgroupFiles.writeIfPresent(dir.resolve("cpu.weight"), Integer.toString(weight));
            CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(limits.pidsMax()));
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(dir.resolve("cgroup.procs"));
        }

        @Override
        public void freeze() throws IOException {
            CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
        }

        @Override
        public void thaw() throws IOException {
            CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
        }

        @Override
        public long peakMemoryBytes() {
            long bytes = peak.readLong();
            return bytes >= 0 ? bytes : current.readLong();
        }

        @Override
        public void resetPeakMemory() {
            try {
                // Kernels from 6.12 reset memory.peak on a write, for reads through the same open
                // file; older ones refuse it.
                peak.write("0");
            } catch (IOException e) {
                // the peak then covers the environment's life
            }
        }

        @Override
        public long oomKills() {
            return CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill");
        }

        @Override
        public List<Long> pids() {
            return CgroupFiles.pids(dir.resolve("cgroup.procs"));
        }

        @Override
        public void delete() {
            peak.close();
            current.close();
            CgroupFiles.remove(dir);
        }
    }
}
