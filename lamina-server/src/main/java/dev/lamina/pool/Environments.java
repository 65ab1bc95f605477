package dev.lamina.pool;

import dev.lamina.environment.EnvironmentContext;
import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.function.CodeStore;
import dev.lamina.function.FunctionConfig;
import dev.lamina.function.FunctionRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All execution environments of the node, pooled per function. {@link #acquire} hands out a warm
 * environment when one is idle, else starts one (a cold start); {@link #release} takes it back.
 * A changed or deleted function's idle environments are shut down at once and its busy ones when
 * they are released. Idle environments are shut down after {@code idleMillis} (scale to zero).
 */
public final class Environments implements FunctionRegistry.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Environments.class.getName());

    private final EnvironmentContext ctx;
    private final FunctionRegistry functions;
    private final CodeStore code;
    private final Map<String, EnvironmentPool> pools = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lamina-reaper").factory());
    private final java.util.Set<ExecutionEnvironment> live = ConcurrentHashMap.newKeySet();
    private final long idleMillis;
    private volatile boolean closed;

    public Environments(EnvironmentContext ctx, FunctionRegistry functions, long idleMillis) {
        this.ctx = ctx;
        this.functions = functions;
        this.code = functions.code();
        this.idleMillis = idleMillis;
        functions.addListener(this);
        long period = Math.max(1000, Math.min(idleMillis / 4, 60_000));
        reaper.scheduleWithFixedDelay(this::reap, period, period, TimeUnit.MILLISECONDS);
    }

    /** An environment for {@code config}, marked busy: warm if one is idle, else newly started. */
    public Lease acquire(FunctionConfig config) throws IOException {
        if (closed) {
            throw new IOException("The node is shutting down");
        }
        EnvironmentPool pool = pools.computeIfAbsent(config.name(), n -> new EnvironmentPool());
        List<ExecutionEnvironment> retired = new ArrayList<>(0);
        ExecutionEnvironment env = pool.takeIdle(config, retired);
        retired.forEach(this::closeLater);
        if (env != null) {
            return new Lease(env, false);
        }
        env = new ExecutionEnvironment(ctx, config, code.unpacked(config.code().sha256Hex()), this::onStopped);
        pool.addBusy(env);
        live.add(env);
        if (closed) {
            closeLater(env);
        }
        return new Lease(env, true);
    }

    /** An environment handed out by {@link #acquire}; {@code cold} when it was started for this lease. */
    public record Lease(ExecutionEnvironment environment, boolean cold) {}

    /** Takes back an environment after an invocation; closes it when it cannot serve again. */
    public void release(ExecutionEnvironment env) {
        EnvironmentPool pool = pools.get(env.config().name());
        FunctionConfig current = currentOrNull(env.config().name());
        if (pool == null || closed || !pool.release(env, current)) {
            closeLater(env);
        }
    }

    private void onStopped(ExecutionEnvironment env) {
        EnvironmentPool pool = pools.get(env.config().name());
        if (pool != null && pool.stopped(env)) {
            closeLater(env);
        }
    }

    @Override
    public void changed(String functionName) {
        EnvironmentPool pool = pools.get(functionName);
        if (pool != null) {
            pool.drainIdle().forEach(this::closeLater);
        }
    }

    /** Counts of idle and busy environments, for health and metrics. */
    public int[] counts() {
        int idle = 0;
        int busy = 0;
        for (EnvironmentPool p : pools.values()) {
            idle += p.idleCount();
            busy += p.busyCount();
        }
        return new int[] {idle, busy};
    }

    private FunctionConfig currentOrNull(String name) {
        try {
            return functions.get(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void reap() {
        long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(idleMillis);
        for (EnvironmentPool pool : pools.values()) {
            pool.expired(cutoff).forEach(this::closeLater);
        }
    }

    private void closeLater(ExecutionEnvironment env) {
        Thread.ofVirtual().name("close-" + env.id()).start(() -> closeQuietly(env));
    }

    private void closeQuietly(ExecutionEnvironment env) {
        try {
            env.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing " + env, e);
        } finally {
            live.remove(env);
        }
    }

    /** Shuts every environment down, busy ones included, and waits until their processes are gone. */
    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        List<Thread> closing = new ArrayList<>();
        for (ExecutionEnvironment env : List.copyOf(live)) {
            closing.add(Thread.ofVirtual().start(() -> closeQuietly(env)));
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
