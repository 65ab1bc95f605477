package dev.lamina.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What tests can see from the host of the environments a node runs. */
final class Sandboxes {
    private static final List<Path> CGROUP_PARENTS = List.of(
            Path.of("/sys/fs/cgroup/pids/lamina"),
            Path.of("/sys/fs/cgroup/memory/lamina"),
            Path.of("/sys/fs/cgroup/lamina"));

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private Sandboxes() {}

    /** Whether the host runs cgroup v2 only (the unified hierarchy at {@code /sys/fs/cgroup}), as the node then does. */
    static boolean cgroupV2() {
        return Files.isRegularFile(ROOT.resolve("cgroup.controllers"));
    }

    /**
     * Where nodes' cgroups are for one v1 controller ({@code pids}, {@code freezer}, ...), or the
     * unified hierarchy's on v2.
     */
    static Path nodesParent(String v1Controller) {
        return cgroupV2() ? ROOT.resolve("lamina") : ROOT.resolve(v1Controller).resolve("lamina");
    }

    /** Every place a node's cgroups can be, for the host's cgroup version. */
    static List<Path> nodesParents() {
        return cgroupV2()
                ? List.of(ROOT.resolve("lamina"))
                : List.of("memory", "cpu", "pids", "freezer").stream()
                        .map(c -> ROOT.resolve(c).resolve("lamina"))
                        .toList();
    }

    /** Whether the environment's freezer has stopped it (either cgroup version's); false once it is gone. */
    static boolean frozen(String environmentId) {
        Path cgroup = cgroupOf(environmentId, List.of(nodesParent("freezer")));
        if (cgroup == null) {
            return false;
        }
        try {
            return cgroupV2()
                    ? Files.readAllLines(cgroup.resolve("cgroup.events")).contains("frozen 1")
                    : Files.readString(cgroup.resolve("freezer.state")).trim().equals("FROZEN");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The host pids in the environment's cgroup now (none once it is gone). */
    static List<Long> pids(String environmentId) {
        Path cgroup = cgroupOf(environmentId, List.of(nodesParent("pids")));
        if (cgroup == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(cgroup.resolve("cgroup.procs")).stream()
                    .filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.trim()))
                    .toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** An environment's id: the hex after {@code ]} in its log stream name. */
    static String environmentId(String logStreamName) {
        return logStreamName.substring(logStreamName.lastIndexOf(']') + 1);
    }

    /** Whether anything of the environment is left on the host: its cgroup (under any node's). */
    static boolean leftBehind(String environmentId) {
        return cgroupOf(environmentId, CGROUP_PARENTS) != null;
    }

    /** The environment's cgroup directory under one of {@code parents}' node directories, or {@code null}. */
    static Path cgroupOf(String environmentId, List<Path> parents) {
        for (Path parent : parents) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (var nodes = Files.list(parent)) {
                for (Path node : nodes.toList()) {
                    if (Files.isDirectory(node.resolve(environmentId))) {
                        return node.resolve(environmentId);
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return null;
    }

    /** Processes running as a sandbox uid (Lamina gives sandboxes uids from 200000 up). */
    static List<ProcessHandle> sandboxProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().user().map(Sandboxes::isSandboxUid).orElse(false))
                .toList();
    }

    private static boolean isSandboxUid(String user) {
        try {
            return Integer.parseInt(user) >= 200_000;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void awaitNothingLeft(String environmentId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!leftBehind(environmentId)) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("environment " + environmentId + " left its cgroup or processes behind");
    }
}
