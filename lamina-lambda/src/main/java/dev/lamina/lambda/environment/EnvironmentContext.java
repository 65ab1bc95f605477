package dev.lamina.lambda.environment;

import dev.lamina.core.SessionCredentials;
import dev.lamina.core.Ticker;
import dev.lamina.lambda.function.Arns;
import dev.lamina.lambda.runtime.RuntimeCatalog;
import dev.lamina.lambda.runtime.RuntimeFiles;
import dev.lamina.lambda.runtimeapi.RuntimeApiTransport;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.lambda.sandbox.SocketOwners;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.logs.LogSink;
import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * The node-wide parts every execution environment uses.
 *
 * @param sockets tells which uid is calling a Runtime API endpoint
 * @param clock wall-clock time: log stream names, Lambda's deadlines, log timestamps
 * @param ticker measures durations: init, invocations, deadlines, idleness
 * @param random makes environment ids; used from any thread, so it must be thread-safe
 * @param runDir where environments' FIFOs are made (removed again at once)
 * @param runtimeApi the event loop that serves every environment's Runtime API
 * @param initTimeoutMillis how long a runtime may take to reach its first {@code GET /next}
 * @param shutdownGraceMillis how long a runtime has between SIGTERM and SIGKILL
 * @param entrypoints tells whether a custom runtime's bootstrap can be executed here
 * @param credentials issues each runtime its role's temporary credentials
 * @param observer told of each invocation's end as its REPORT line is written (metering, metrics)
 */
public record EnvironmentContext(
        RuntimeCatalog runtimes,
        RuntimeFiles runtimeFiles,
        ProcessLauncher launcher,
        SocketOwners sockets,
        LogSink logs,
        Arns arns,
        Clock clock,
        Ticker ticker,
        RandomGenerator random,
        Path runDir,
        RuntimeApiTransport runtimeApi,
        long initTimeoutMillis,
        long shutdownGraceMillis,
        Entrypoints entrypoints,
        SessionCredentials credentials,
        InvocationObserver observer) {}
