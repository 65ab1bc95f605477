package dev.lamina.lambda.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files each cgroup version writes, checked on a directory standing in for /sys/fs/cgroup. */
class CgroupsTest {
    @TempDir
    Path root;

    @Test
    void detectsV2ByItsRootControllers() throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        assertInstanceOf(CgroupV2.class, Cgroups.detect(root));
    }

    @Test
    void detectsV1ByItsControllerDirectories() throws Exception {
        Files.createDirectories(root.resolve("memory"));
        Files.createDirectories(root.resolve("pids"));
        assertInstanceOf(CgroupV1.class, Cgroups.detect(root));
    }

    @Test
    void sweepsTheCgroupsOfDeadNodesOnly() throws Exception {
        long alive = ProcessHandle.current().pid();
        Path dead = Files.createDirectories(root.resolve("pids/lamina/node-999999999/env"));
        Path living = Files.createDirectories(root.resolve("pids/lamina/node-" + alive + "/env"));
        StaleCgroups.Swept swept = new StaleCgroups(root, pid -> {}, () -> 0).sweep();
        assertFalse(Files.exists(dead.getParent()));
        assertTrue(Files.exists(living));
        assertEquals(1, swept.environments());
        assertEquals(0, swept.remaining());
    }

    @Test
    void theSweepThawsFrozenEnvironmentsBeforeKillingThem() throws Exception {
        // A dead node's environment frozen on both versions' freezers, with one process in it.
        Path v1 = Files.createDirectories(root.resolve("freezer/lamina/node-999999999/env"));
        Path v2 = Files.createDirectories(root.resolve("lamina/node-999999999/env"));
        Files.writeString(v1.resolve("freezer.state"), "FROZEN");
        Files.writeString(v2.resolve("cgroup.freeze"), "1");
        Files.writeString(v2.resolve("cgroup.kill"), "");
        Files.writeString(v1.resolve("cgroup.procs"), "4242\n");
        Files.writeString(v2.resolve("cgroup.procs"), "4242\n");
        List<String> seenAtKill = new java.util.ArrayList<>();
        LongConsumer kill = pid -> {
            try {
                seenAtKill.add(pid + " " + Files.readString(v1.resolve("freezer.state")) + " "
                        + Files.readString(v2.resolve("cgroup.freeze")) + " kill="
                        + Files.readString(v2.resolve("cgroup.kill")));
                // the kernel: the process exits and leaves its cgroups, whose files go with them
                for (Path dir : List.of(v1, v2)) {
                    try (var files = Files.list(dir)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        StaleCgroups.Swept swept = new StaleCgroups(root, kill, () -> 0).sweep();
        assertEquals(List.of("4242 THAWED 0 kill=1"), seenAtKill, "thawed, then killed once");
        assertFalse(Files.exists(v1.getParent()));
        assertFalse(Files.exists(v2.getParent()));
        assertEquals(new StaleCgroups.Swept(1, 0, java.time.Duration.ZERO), swept);
    }

    @Test
    void nothingUsableIsNull() {
        assertNull(Cgroups.detect(root));
    }

    @Test
    void limitsFollowLambdasProportions() {
        Cgroups.Limits l = Cgroups.Limits.forMemory(1769);
        assertEquals(1769L * 1024 * 1024, l.memoryBytes());
        assertEquals(1024, l.cpuWeight());
        assertEquals(1024, l.pidsMax());
        assertEquals(74, Cgroups.Limits.forMemory(128).cpuWeight());
    }

    @Test
    void v1WritesEachControllersLimitsAndFreezes() throws Exception {
        for (String c : List.of("memory", "cpu", "pids", "freezer")) {
            Files.createDirectories(root.resolve(c));
        }
        Cgroups.Cgroup cg = new CgroupV1(root, "lamina").create("env1", Cgroups.Limits.forMemory(256));
        assertEquals("268435456", Files.readString(root.resolve("memory/lamina/env1/memory.limit_in_bytes")));
        assertEquals("148", Files.readString(root.resolve("cpu/lamina/env1/cpu.shares")));
        assertEquals("1024", Files.readString(root.resolve("pids/lamina/env1/pids.max")));
        assertEquals(4, cg.procsFiles().size());
        cg.freeze();
        assertEquals("FROZEN", Files.readString(root.resolve("freezer/lamina/env1/freezer.state")));
        cg.thaw();
        assertEquals("THAWED", Files.readString(root.resolve("freezer/lamina/env1/freezer.state")));
        Files.writeString(
                root.resolve("memory/lamina/env1/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        assertEquals(2, cg.oomKills());
        Path peak = root.resolve("memory/lamina/env1/memory.max_usage_in_bytes");
        Files.writeString(peak, "1048576\n");
        assertEquals(1048576, cg.peakMemoryBytes());
        // read again through the descriptor kept open, after the value changed
        Files.writeString(peak, "2097152\n");
        assertEquals(2097152, cg.peakMemoryBytes());
        cg.resetPeakMemory();
        assertTrue(Files.readString(peak).startsWith("0"), "the reset writes 0 at the file's start");
    }

    @Test
    void v2WritesOneDirectoryAndEnablesControllers() throws Exception {
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Cgroups.Cgroup cg = new CgroupV2(root, "lamina/node-1").create("env2", Cgroups.Limits.forMemory(1769));
        Path dir = root.resolve("lamina/node-1/env2");
        assertEquals("1854930944", Files.readString(dir.resolve("memory.max")));
        assertEquals("1024", Files.readString(dir.resolve("pids.max")));
        assertTrue(Files.readString(root.resolve("cgroup.subtree_control")).startsWith("+"));
        assertEquals(List.of(dir.resolve("cgroup.procs")), cg.procsFiles());
        cg.freeze();
        assertEquals("1", Files.readString(dir.resolve("cgroup.freeze")));
        cg.thaw();
        assertEquals("0", Files.readString(dir.resolve("cgroup.freeze")));
        Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertEquals(1, cg.oomKills());
        Files.writeString(dir.resolve("memory.current"), "4096\n");
        assertEquals(4096, cg.peakMemoryBytes(), "without memory.peak (before 5.19) the current use");
        Files.writeString(dir.resolve("memory.peak"), "8192\n");
        assertEquals(8192, cg.peakMemoryBytes());
        Files.delete(dir.resolve("memory.current"));
        Files.delete(dir.resolve("memory.peak"));
        Files.writeString(dir.resolve("cgroup.procs"), "");
        for (String f : List.of("memory.max", "pids.max", "cgroup.procs", "cgroup.freeze", "memory.events")) {
            Files.delete(dir.resolve(f));
        }
        cg.delete();
        assertFalse(Files.exists(dir));
    }

    @Test
    void theNodesParentCgroupsWeighAsOneBusyProcessPerCore() throws Exception {
        for (String c : List.of("memory", "cpu", "pids", "freezer")) {
            Files.createDirectories(root.resolve(c).resolve("lamina/node-1"));
        }
        Files.writeString(root.resolve("cpu/lamina/cpu.shares"), "1024");
        Files.writeString(root.resolve("cpu/lamina/node-1/cpu.shares"), "1024");
        new CgroupV1(root, "lamina/node-1").create("env3", Cgroups.Limits.forMemory(128));
        String expected = Integer.toString(1024 * Runtime.getRuntime().availableProcessors());
        assertEquals(expected, Files.readString(root.resolve("cpu/lamina/cpu.shares")));
        assertEquals(expected, Files.readString(root.resolve("cpu/lamina/node-1/cpu.shares")));
        assertEquals("74", Files.readString(root.resolve("cpu/lamina/node-1/env3/cpu.shares")));
    }
}
