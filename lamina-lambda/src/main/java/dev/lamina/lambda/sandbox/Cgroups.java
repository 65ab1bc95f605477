package dev.lamina.lambda.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes one cgroup per environment, on cgroup v1 (one hierarchy per controller) or v2 (one unified
 * hierarchy), behind one interface. The root is a parameter so tests can point it at a directory.
 */
public interface Cgroups {

    /** Creates the cgroup of environment {@code id} with its limits. */
    Cgroup create(String id, Limits limits) throws IOException;

    String version();

    /**
     * @param memoryBytes the memory limit
     * @param cpuWeight relative CPU share: 1024 is one full core's worth (1,769 MB on Lambda)
     * @param pidsMax processes and threads allowed
     */
    record Limits(long memoryBytes, int cpuWeight, int pidsMax) {
        /** Lambda's proportions: CPU in proportion to memory, 1,769 MB = one core; 1,024 processes. */
        public static Limits forMemory(int memoryMb) {
            return new Limits(memoryMb * 1024L * 1024L, Math.max(2, (int) (1024L * memoryMb / 1769)), 1024);
        }
    }

    /** One environment's cgroup. Methods are cheap file reads and writes; thread-safe. */
    interface Cgroup {
        /** Sets new limits. */
        void update(Limits limits) throws IOException;

        /** The {@code cgroup.procs} files a process writes its pid to, to join. */
        List<Path> procsFiles();

        void freeze() throws IOException;

        void thaw() throws IOException;

        long peakMemoryBytes();

        void resetPeakMemory();

        /** How many times the memory limit killed a process here. */
        long oomKills();

        /** The pids in the cgroup now. */
        List<Long> pids();

        /** Removes the cgroup; waits (briefly) for exited processes to leave it. */
        void delete();
    }

    /**
     * The CPU share of the cgroups above the environments ({@code lamina} and {@code lamina/node-<pid>})
     * on cgroup v1, where the processes of the root cgroup (the node's own threads, a load generator
     * beside it) each compete as one entity of weight 1024: with the default, all environments
     * together would get no more CPU than any single such thread. On v2 the node sits in a slice that
     * competes as a whole, so the default weight already splits fairly and is left alone.
     */
    static int parentCpuShares() {
        return 1024 * Runtime.getRuntime().availableProcessors();
    }

    /** Removes this node's (now empty) parent cgroup; called once every environment is closed. */
    void close();

    /**
     * The cgroup version this host runs, or {@code null} when it has no usable cgroups. A node's
     * cgroups live under {@code lamina/node-<pid>}, so nodes sharing a host never touch each other's.
     */
    static Cgroups detect(Path root) {
        String node = "lamina/node-" + ProcessHandle.current().pid();
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            try {
                String controllers = Files.readString(root.resolve("cgroup.controllers"));
                if (controllers.contains("memory") && controllers.contains("pids")) {
                    return new CgroupV2(root, node);
                }
            } catch (IOException e) {
                return null;
            }
        }
        if (Files.isDirectory(root.resolve("memory")) && Files.isDirectory(root.resolve("pids"))) {
            return new CgroupV1(root, node);
        }
        return null;
    }
}
