package dev.lamina.lambda.sandbox;

import java.nio.file.Path;

/**
 * What one execution environment's sandbox is made of.
 *
 * @param id the environment's id (names its cgroup)
 * @param taskRoot the unpacked code on the host, shown read-only at {@code /var/task}
 * @param runtimeDir the runtime clients on the host, shown read-only at {@code /var/runtime}
 * @param interpreter the runtime's interpreter on the host, or {@code null} for a package's bootstrap
 * @param memoryMb the memory limit (Lambda's MemorySize)
 * @param tmpMb the size of the private {@code /tmp} (EphemeralStorage)
 * @param optDir the merged layers on the host, shown read-only at {@code /opt}; {@code null} for an
 *     empty {@code /opt}
 */
public record SandboxSpec(
        String id, Path taskRoot, Path runtimeDir, Path interpreter, int memoryMb, int tmpMb, Path optDir) {}
