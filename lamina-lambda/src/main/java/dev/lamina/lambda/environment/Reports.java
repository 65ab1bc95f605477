package dev.lamina.lambda.environment;

import dev.lamina.core.Ticker;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.sandbox.ProcessLauncher;
import dev.lamina.spi.lambda.InvocationObserver;
import dev.lamina.spi.lambda.InvocationReport;
import java.time.Clock;

/**
 * An environment's START, END and REPORT lines, written into its output pipe behind everything the
 * runtime printed so far, so that the log reader emits them in order. Durations are measured with the
 * environment's {@link Ticker}; Max Memory Used is the sandbox's peak since the last REPORT. Each
 * REPORT is also told, as an {@link InvocationReport} with the same Billed Duration, to the node's
 * {@link InvocationObserver} (metering and metrics), which must not block.
 *
 * <p>Threads: called by the environment from whichever thread carries out a transition's effects (the
 * event loop, the caller's, the exit watcher's); the pipe orders concurrent lines.
 */
final class Reports {
    private final EnvironmentLog log;
    private final ProcessLauncher.Sandbox sandbox;
    private final FunctionConfig config;
    private final boolean provisioned;
    private final Ticker ticker;
    private final Clock clock;
    private final InvocationObserver observer;

    Reports(
            EnvironmentLog log,
            ProcessLauncher.Sandbox sandbox,
            FunctionConfig config,
            boolean provisioned,
            EnvironmentContext ctx) {
        this.log = log;
        this.sandbox = sandbox;
        this.config = config;
        this.provisioned = provisioned;
        this.ticker = ctx.ticker();
        this.clock = ctx.clock();
        this.observer = ctx.observer();
    }

    /** START, as the invocation is handed to the runtime. */
    void start(Invocation invocation) {
        if (!config.settings().logging().json()) {
            log.platform(PlatformLines.start(invocation.requestId(), config.version()));
        } else {
            platformRecord(PlatformLines.startRecord(clock.instant(), invocation.requestId(), config.version()));
        }
    }

    /** INIT_REPORT of an init that failed with {@code errorType} after {@code initNanos}. */
    void initFailed(long initNanos, String errorType) {
        log.platform(PlatformLines.initReport(initNanos / 1e6, "init", "error", errorType));
    }

    /** END and REPORT of an invocation its runtime answered; with Init Duration when it was the cold one. */
    void ended(Lifecycle.Unreported u) {
        boolean handlerError = u.invocation().result().getNow(null) instanceof RuntimeResult.HandlerError;
        write(
                u.invocation(),
                u.deliveredNanos(),
                u.initNanos(),
                null,
                null,
                handlerError ? InvocationReport.Outcome.ERROR : InvocationReport.Outcome.SUCCESS);
    }

    /**
     * END and REPORT of an invocation the platform failed (timeout, exit, init error, oversized
     * response), at once; START first when the runtime never took it.
     */
    void failed(Invocation invocation, RuntimeResult.PlatformError error) {
        Long delivered = invocation.delivered().getNow(null);
        if (delivered == null) {
            start(invocation);
        }
        boolean timeout = error.errorType().equals("Sandbox.Timedout");
        write(
                invocation,
                delivered == null ? ticker.nanoTime() : delivered,
                -1,
                timeout ? "timeout" : "error",
                timeout ? null : error.errorType(),
                timeout ? InvocationReport.Outcome.TIMEOUT : InvocationReport.Outcome.ERROR);
    }

    /**
     * A JSON platform record at INFO, Lambda's level for platform.start and platform.report: kept
     * unless the function's SystemLogLevel is WARN, and marking the invocation for the tail either way.
     */
    private void platformRecord(String record) {
        if ("WARN".equals(config.settings().logging().systemLogLevel())) {
            log.unkeptPlatform(record);
        } else {
            log.platform(record);
        }
    }

    private void write(
            Invocation invocation,
            long deliveredNanos,
            long initNanos,
            String status,
            String errorType,
            InvocationReport.Outcome outcome) {
        double durationMs = (ticker.nanoTime() - deliveredNanos) / 1e6;
        double initMs = initNanos >= 0 ? initNanos / 1e6 : -1;
        long billedMs = PlatformLines.billedMs(durationMs, initMs, provisioned);
        long peak = sandbox.peakMemoryBytes();
        sandbox.resetPeakMemory();
        PlatformLines.Report report = new PlatformLines.Report(
                invocation.requestId(),
                durationMs,
                billedMs,
                config.settings().memoryMb(),
                peak < 0 ? 0 : Math.max(1, peak / (1024 * 1024)),
                initMs,
                status,
                errorType);
        if (config.settings().logging().json()) {
            platformRecord(report.record(clock.instant()));
        } else {
            log.platform(PlatformLines.end(invocation.requestId()), report.line());
        }
        observer.ended(new InvocationReport(
                config.name(),
                config.version(),
                config.settings().architectures().getFirst(),
                config.settings().memoryMb(),
                config.settings().ephemeralStorageMb(),
                durationMs,
                initMs,
                billedMs,
                outcome,
                provisioned,
                clock.instant(),
                invocation.requestId(),
                invocation.invokedFunctionArn(),
                invocation.trace(),
                invocation.trigger()));
    }
}
