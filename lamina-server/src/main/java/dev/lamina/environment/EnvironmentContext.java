package dev.lamina.environment;

import dev.lamina.function.Arns;
import dev.lamina.logs.LogStore;
import dev.lamina.runtime.RuntimeCatalog;
import dev.lamina.runtime.RuntimeFiles;
import dev.lamina.sandbox.ProcessLauncher;
import dev.lamina.sandbox.SocketOwners;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The node-wide parts every execution environment uses.
 *
 * @param sockets tells which uid is calling a Runtime API endpoint
 * @param runDir where environments' FIFOs are made (removed again at once)
 * @param executor runs Runtime API requests, one virtual thread each
 * @param initTimeoutMillis how long a runtime may take to reach its first {@code GET /next}
 * @param shutdownGraceMillis how long a runtime has between SIGTERM and SIGKILL
 */
public record EnvironmentContext(
        RuntimeCatalog runtimes,
        RuntimeFiles runtimeFiles,
        ProcessLauncher launcher,
        SocketOwners sockets,
        LogStore logs,
        Arns arns,
        Clock clock,
        Path runDir,
        ExecutorService executor,
        long initTimeoutMillis,
        long shutdownGraceMillis) {}
