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

    private Sandboxes() {}

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
