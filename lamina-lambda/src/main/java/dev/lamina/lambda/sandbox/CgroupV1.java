package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * cgroup v1: one directory per controller, {@code <root>/<controller>/<base>/<id>}, for memory, cpu,
 * pids and freezer. Memory swap is limited with memory too where the kernel accounts it.
 */
final class CgroupV1 implements Cgroups {
    private static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids", "freezer");

    private final Path root;
    private final String base;
    private volatile boolean parentsWeighted;

    CgroupV1(Path root, String base) {
        this.root = root;
        this.base = base;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Cgroup create(String id, Limits limits) throws IOException {
        for (String controller : CONTROLLERS) {
            Files.createDirectories(dir(controller, id));
        }
        if (!parentsWeighted) {
            String shares = Integer.toString(Cgroups.parentCpuShares());
            Path node = root.resolve("cpu").resolve(base);
            CgroupFiles.writeIfPresent(node.getParent().resolve("cpu.shares"), shares);
            CgroupFiles.writeIfPresent(node.resolve("cpu.shares"), shares);
            parentsWeighted = true;
        }
        V1 cgroup = new V1(id);
        cgroup.update(limits);
        return cgroup;
    }

    @Override
    public void close() {
        for (String controller : CONTROLLERS) {
            CgroupFiles.remove(root.resolve(controller).resolve(base));
        }
    }

    private Path dir(String controller, String id) {
        return root.resolve(controller).resolve(base).resolve(id);
    }

    private final class V1 implements Cgroup {
        private final String id;
        /** Read and reset on every invocation. */
        private final CgroupFiles.Kept peak;

        V1(String id) {
            this.id = id;
            this.peak = new CgroupFiles.Kept(dir("memory", id).resolve("memory.max_usage_in_bytes"));
        }

        @Override
        public void update(Limits limits) throws IOException {
            Path memory = dir("memory", id);
            String bytes = Long.toString(limits.memoryBytes());
            // The kernel keeps memory <= memsw: when growing raise memsw first, when shrinking memory.
            long current = CgroupFiles.readLong(memory.resolve("memory.limit_in_bytes"));
            if (current >= 0 && current < limits.memoryBytes()) {
                CgroupFiles.writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
                CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
            } else {
                CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
                CgroupFiles.writeIfPresent(memory.resolve("memory.memsw.limit_in_bytes"), bytes);
            }
            CgroupFiles.write(dir("cpu", id).resolve("cpu.shares"), Integer.toString(limits.cpuWeight()));
            CgroupFiles.write(dir("pids", id).resolve("pids.max"), Integer.toString(limits.pidsMax()));
        }

        @Override
        public List<Path> procsFiles() {
            return CONTROLLERS.stream()
                    .map(c -> dir(c, id).resolve("cgroup.procs"))
                    .toList();
        }

        @Override
        public void freeze() throws IOException {
            CgroupFiles.write(dir("freezer", id).resolve("freezer.state"), "FROZEN");
        }

        @Override
        public void thaw() throws IOException {
            CgroupFiles.write(dir("freezer", id).resolve("freezer.state"), "THAWED");
        }

        @Override
        public long peakMemoryBytes() {
            return peak.readLong();
        }

        @Override
        public void resetPeakMemory() {
            try {
                peak.write("0");
            } catch (IOException e) {
                // gone already
            }
        }

        @Override
        public long oomKills() {
            return CgroupFiles.keyed(dir("memory", id).resolve("memory.oom_control"), "oom_kill");
        }

        @Override
        public List<Long> pids() {
            return CgroupFiles.pids(dir("pids", id).resolve("cgroup.procs"));
        }

        @Override
        public void delete() {
            peak.close();
            for (String controller : CONTROLLERS) {
                CgroupFiles.remove(dir(controller, id));
            }
        }
    }
}
