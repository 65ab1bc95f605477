package dev.lamina.lambda.pool;

import com.sun.management.OperatingSystemMXBean;
import dev.lamina.core.Scheduler;
import dev.lamina.core.Ticker;
import dev.lamina.lambda.Limits;
import dev.lamina.lambda.environment.ClassDataArchives;
import dev.lamina.lambda.environment.EnvironmentContext;
import dev.lamina.lambda.environment.ExecutionEnvironment;
import dev.lamina.lambda.environment.Spares;
import dev.lamina.lambda.function.CodeStore;
import dev.lamina.lambda.function.FunctionConfig;
import dev.lamina.lambda.function.FunctionRegistry;
import dev.lamina.lambda.runtime.HostRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All execution environments of the node, pooled per function. {@link #acquireWarm} hands out a
 * warm environment when one is idle, without a thread; else {@link #startNew} starts one (a cold
 * start; concurrent cold starts run in parallel); {@link #release} takes it back. A changed or deleted function's idle environments are
 * shut down at once and its busy ones when they are released.
 *
 * <p>A housekeeping pass every few milliseconds freezes environments idle for longer than
 * {@code freezeAfterMillis} (they then use no CPU) and shuts down those idle for longer than
 * {@code idleMillis} (scale to zero). Environments count their MemorySize against the node's memory
 * budget; a cold start that does not fit shuts down the least recently used idle environments.
 */
public final class Environments implements FunctionRegistry.Listener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Environments.class.getName());

    private final EnvironmentContext ctx;
    private final FunctionRegistry functions;
    private final CodeStore code;
    private final Limits limits;
    private final Spares spares;
    private final ClassDataArchives archives;
    private final Map<String, EnvironmentPool<ExecutionEnvironment>> pools = new ConcurrentHashMap<>();
    private final Set<ExecutionEnvironment> live = ConcurrentHashMap.newKeySet();
    /** Environments being shut down off the caller's thread, which {@link #close} waits for too. */
    private final Set<Thread> closing = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lamina-housekeeping").factory());
    /** Ends the waits of {@link #acquireWarm}: a timer thread that wakes only when a wait runs out. */
    private final ScheduledThreadPoolExecutor waitTimer = waitTimer();

    private final Scheduler waitScheduler = Scheduler.of(waitTimer);
    private final Ticker ticker;

    private long committedMb;
    private volatile boolean closed;
    /** Environments kept initialised for provisioned concurrency, starting ones included. */
    private final Set<ExecutionEnvironment> provisioned = ConcurrentHashMap.newKeySet();
    /** Provisioned environments being started, by pool key (they are not in {@link #provisioned} yet). */
    private final Map<String, Integer> provisioning = new ConcurrentHashMap<>();
    /** Why provisioning a version last failed, and when it may be tried again, by pool key. */
    private final Map<String, ProvisionFailure> provisionFailures = new ConcurrentHashMap<>();

    private volatile Supplier<Map<FunctionConfig, Integer>> provisionTargets = Map::of;

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Busy environments per function beyond which, on saturated CPUs, invocations wait (four per core). */
    private final int busyCap = 4 * CORES;
    /** Environments per function starting at once beyond which invocations wait (two per core, decision 58). */
    private final int startCap = 2 * CORES;
    /** Whether the host's CPUs are saturated, from housekeeping's samples. */
    private final CpuSaturation cpu = new CpuSaturation(CORES);

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record ProvisionFailure(String reason, long retryAtNanos, long backoffMillis) {}

    /**
     * @param spares sandboxes started ahead of demand, or {@code null} where there are none
     * @param archives makes the Java client's class-data archive after a Java runtime's first cold start
     */
    public Environments(
            EnvironmentContext ctx,
            FunctionRegistry functions,
            Limits limits,
            Spares spares,
            ClassDataArchives archives) {
        this.ctx = ctx;
        this.ticker = ctx.ticker();
        this.spares = spares;
        this.archives = archives;
        this.functions = functions;
        this.code = functions.code();
        this.limits = limits;
        functions.addListener(this);
        long period = Math.max(10, Math.min(limits.freezeAfterMillis(), 1000));
        housekeeping.scheduleWithFixedDelay(this::housekeeping, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * An idle environment for {@code config}, marked busy, without blocking: at once, or (on
     * saturated CPUs, see {@link EnvironmentPool}) when a busy one is released, on the releasing
     * thread. Completes with {@code null} when none is to be had: {@link #startNew} starts one.
     */
    public CompletableFuture<ExecutionEnvironment> acquireWarm(FunctionConfig config) throws IOException {
        EnvironmentPool<ExecutionEnvironment> pool = pool(config);
        List<ExecutionEnvironment> retired = new ArrayList<>(0);
        CompletableFuture<ExecutionEnvironment> taken;
        try {
            taken = pool.takeLater(config, retired, cpu.saturated(), waitScheduler);
        } finally {
            retired.forEach(this::retire);
        }
        if (taken.isDone()) {
            return taken;
        }
        return taken.thenApply(env -> {
            if (env != null) {
                return env;
            }
            List<ExecutionEnvironment> stale = new ArrayList<>(0);
            try {
                return pool.takeNow(config, stale);
            } finally {
                stale.forEach(this::retire);
            }
        });
    }

    /** A newly started environment for {@code config}, marked busy: for when {@link #acquireWarm} found none. */
    public ExecutionEnvironment startNew(FunctionConfig config) throws IOException, CapacityExceededException {
        return startFor(pool(config), config);
    }

    private EnvironmentPool<ExecutionEnvironment> pool(FunctionConfig config) throws IOException {
        if (closed) {
            throw new IOException("The node is shutting down");
        }
        return pools.computeIfAbsent(key(config), n -> new EnvironmentPool<>(busyCap, startCap, ticker));
    }

    private ExecutionEnvironment startFor(EnvironmentPool<ExecutionEnvironment> pool, FunctionConfig config)
            throws IOException, CapacityExceededException {
        long startedNanos = pool.now();
        ExecutionEnvironment env;
        try {
            env = start(config, false);
        } catch (IOException | CapacityExceededException | RuntimeException e) {
            pool.startEnded(cpu.saturated());
            throw e;
        }
        pool.addBusy(env, startedNanos);
        env.initEnded().thenRun(() -> pool.startEnded(cpu.saturated()));
        if (closed) {
            retire(env);
        }
        return env;
    }

    private static ScheduledThreadPoolExecutor waitTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("lamina-pool-wait").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Starts an environment within the memory budget (a cold start), counted as live. */
    private ExecutionEnvironment start(FunctionConfig config, boolean forProvisioning)
            throws IOException, CapacityExceededException {
        // provisioning takes free memory only: it never shuts down environments that serve traffic
        reserveMemory(config.settings().memoryMb(), !forProvisioning);
        ExecutionEnvironment env;
        try {
            Path opt = config.settings().layers().isEmpty()
                    ? null
                    : code.layerTree(config.settings().layerHashes());
            env = new ExecutionEnvironment(
                    ctx,
                    config,
                    code.unpacked(config.code().sha256Hex()),
                    opt,
                    spares,
                    this::onStopped,
                    forProvisioning);
        } catch (IOException | RuntimeException e) {
            releaseMemory(config.settings().memoryMb());
            throw e;
        }
        live.add(env);
        try {
            HostRuntime runtime = ctx.runtimes().require(config.settings().runtime());
            if (spares != null) {
                spares.replenish(runtime);
            }
            archives.prepare(runtime);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "preparing the next start of " + config.settings().runtime() + " failed",
                    e);
        }
        return env;
    }

    /** Takes back an environment after an invocation; closes it when it cannot serve again. */
    public void release(ExecutionEnvironment env) {
        EnvironmentPool<ExecutionEnvironment> pool = pools.get(key(env.config()));
        FunctionConfig current =
                functions.find(env.config().name(), env.config().version());
        if (pool == null || closed || !pool.release(env, current, cpu.saturated())) {
            retire(env);
        }
    }

    /** {@code $LATEST} changed, or the function was deleted with all its versions. */
    @Override
    public void changed(String functionName) {
        boolean deleted = functions.find(functionName, FunctionRegistry.LATEST) == null;
        String prefix = functionName + ":";
        for (Map.Entry<String, EnvironmentPool<ExecutionEnvironment>> e : pools.entrySet()) {
            String key = e.getKey();
            if (deleted && key.startsWith(prefix)) {
                pools.remove(key); // busy environments are closed when released: they find no pool
                e.getValue().close();
                e.getValue().drainIdle().forEach(this::retire);
            } else if (key.equals(prefix + FunctionRegistry.LATEST)) {
                e.getValue().drainIdle().forEach(this::retire);
            }
        }
    }

    @Override
    public void versionDeleted(String functionName, String version) {
        EnvironmentPool<ExecutionEnvironment> pool = pools.remove(functionName + ":" + version);
        if (pool != null) {
            pool.close();
            pool.drainIdle().forEach(this::retire);
        }
    }

    /** Environments are pooled per function version. */
    private static String key(FunctionConfig config) {
        return config.name() + ":" + config.version();
    }

    /**
     * Where the provisioned-concurrency targets come from: how many initialised environments each
     * version should have. Read on every housekeeping pass, so alias moves are followed.
     */
    public void provisionFrom(Supplier<Map<FunctionConfig, Integer>> targets) {
        this.provisionTargets = targets;
    }

    /** How many of a version's provisioned environments are initialised and alive. */
    public int provisionedReady(FunctionConfig version) {
        String key = key(version);
        int n = 0;
        for (ExecutionEnvironment env : provisioned) {
            if (key.equals(key(env.config())) && !env.isStopped() && env.initialised()) {
                n++;
            }
        }
        return n;
    }

    /** Why the last attempt to provision a version failed, or {@code null}. */
    public String provisionFailure(FunctionConfig version) {
        ProvisionFailure f = provisionFailures.get(key(version));
        return f == null ? null : f.reason();
    }

    /** Starts what the targets lack and lets go of what they no longer want. */
    private void provision() {
        Map<FunctionConfig, Integer> targets = provisionTargets.get();
        Map<String, Integer> wanted = new HashMap<>();
        targets.forEach((config, count) -> wanted.put(key(config), count));
        Map<String, Integer> have;
        List<ExecutionEnvironment> counted;
        synchronized (provisioned) {
            have = new HashMap<>(provisioning);
            counted = List.copyOf(provisioned);
        }
        for (ExecutionEnvironment env : counted) {
            String key = key(env.config());
            if (env.isStopped()) {
                provisioned.remove(env);
            } else if (have.merge(key, 1, Integer::sum) > wanted.getOrDefault(key, 0)) {
                provisioned.remove(env);
                have.merge(key, -1, Integer::sum);
                EnvironmentPool<ExecutionEnvironment> pool = pools.get(key);
                if (pool != null && pool.removeIdle(env)) {
                    retire(env);
                }
            }
        }
        long now = ticker.nanoTime();
        targets.forEach((config, count) -> {
            String key = key(config);
            ProvisionFailure failure = provisionFailures.get(key);
            if (failure != null && failure.retryAtNanos() - now > 0) {
                return;
            }
            for (int i = have.getOrDefault(key, 0); i < count; i++) {
                provisioning.merge(key, 1, Integer::sum);
                Thread.ofVirtual().name("provision-" + config.name()).start(() -> startProvisioned(config));
            }
        });
        provisionFailures.keySet().retainAll(wanted.keySet());
    }

    private void startProvisioned(FunctionConfig config) {
        String key = key(config);
        ExecutionEnvironment env = null;
        try {
            env = start(config, true);
            synchronized (provisioned) {
                provisioned.add(env);
                provisioning.merge(key, -1, Integer::sum);
            }
            if (closed || !env.awaitInit(ctx.initTimeoutMillis())) {
                throw new IOException("the function's init did not finish");
            }
            provisionFailures.remove(key);
            if (functions.find(config.name(), config.version()) == null) {
                throw new IOException("the version was deleted while it was being provisioned");
            }
            pools.computeIfAbsent(key, k -> new EnvironmentPool<>(busyCap, startCap, ticker))
                    .addIdle(env);
        } catch (IOException | CapacityExceededException | RuntimeException e) {
            if (env == null) {
                provisioning.merge(key, -1, Integer::sum);
            } else {
                provisioned.remove(env);
                retire(env);
            }
            // back off 1, 2, 4 … 60 s between attempts, so a function that cannot start does not churn
            ProvisionFailure previous = provisionFailures.get(key);
            long backoff = previous == null ? 1_000 : Math.min(60_000, previous.backoffMillis() * 2);
            provisionFailures.put(
                    key,
                    new ProvisionFailure(
                            e.getMessage(), ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff), backoff));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts of idle and busy environments, for health and metrics. */
    public int[] counts() {
        int idle = 0;
        int busy = 0;
        for (EnvironmentPool<ExecutionEnvironment> p : pools.values()) {
            idle += p.idleCount();
            busy += p.busyCount();
        }
        return new int[] {idle, busy};
    }

    private void onStopped(ExecutionEnvironment env) {
        EnvironmentPool<ExecutionEnvironment> pool = pools.get(key(env.config()));
        if (pool != null && pool.stopped(env)) {
            retire(env);
        }
    }

    /** Counts a new environment's memory, first shutting down least recently used idle ones if needed. */
    private void reserveMemory(int memoryMb, boolean evict) throws CapacityExceededException {
        while (true) {
            synchronized (this) {
                if (committedMb + memoryMb <= limits.memoryBudgetMb()) {
                    committedMb += memoryMb;
                    return;
                }
            }
            ExecutionEnvironment victim = evict ? leastRecentlyUsedIdle() : null;
            if (victim == null) {
                throw new CapacityExceededException("The node's memory budget of " + limits.memoryBudgetMb()
                        + " MB is taken by busy execution environments");
            }
            retire(victim);
        }
    }

    private synchronized void releaseMemory(int memoryMb) {
        committedMb -= memoryMb;
    }

    /** Removes the least recently used idle environment from its pool; {@code null} if none is idle. */
    private ExecutionEnvironment leastRecentlyUsedIdle() {
        while (true) {
            ExecutionEnvironment oldest = null;
            EnvironmentPool<ExecutionEnvironment> owner = null;
            for (EnvironmentPool<ExecutionEnvironment> pool : pools.values()) {
                ExecutionEnvironment candidate = pool.oldestIdle(provisioned);
                if (candidate != null && (oldest == null || candidate.lastUsedNanos() - oldest.lastUsedNanos() < 0)) {
                    oldest = candidate;
                    owner = pool;
                }
            }
            if (oldest == null) {
                return null;
            }
            if (owner.removeIdle(oldest)) {
                return oldest;
            }
        }
    }

    private void housekeeping() {
        try {
            long now = ticker.nanoTime();
            long freezeCutoff = now - TimeUnit.MILLISECONDS.toNanos(limits.freezeAfterMillis());
            long idleCutoff = now - TimeUnit.MILLISECONDS.toNanos(limits.idleMillis());
            cpu.sample(os.getCpuLoad(), now); // the load since the previous call
            provision();
            for (EnvironmentPool<ExecutionEnvironment> pool : pools.values()) {
                pool.expired(idleCutoff, provisioned).forEach(this::retire);
                for (ExecutionEnvironment env : pool.idleSince(freezeCutoff)) {
                    env.freeze();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "housekeeping failed", e);
        }
    }

    /** Shuts an environment down off the caller's thread and gives its memory back. */
    private void retire(ExecutionEnvironment env) {
        if (!live.remove(env)) {
            return;
        }
        releaseMemory(env.config().settings().memoryMb());
        Thread thread = Thread.ofVirtual().name("close-" + env.id()).unstarted(() -> {
            closeQuietly(env);
            closing.remove(Thread.currentThread());
        });
        closing.add(thread);
        thread.start();
    }

    private static void closeQuietly(ExecutionEnvironment env) {
        try {
            env.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing " + env, e);
        }
    }

    /**
     * Shuts every environment down, busy ones included, and waits until their processes are gone,
     * as it waits for those already shutting down.
     */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(EnvironmentPool::close);
        housekeeping.shutdownNow();
        waitTimer.shutdownNow();
        if (spares != null) {
            spares.close();
        }
        archives.close();
        // also those retired a moment ago: their SIGKILL may still be due, and a node that exits
        // before it would leave a runtime that ignores SIGTERM running
        List<Thread> closing = new ArrayList<>(this.closing);
        for (ExecutionEnvironment env : List.copyOf(live)) {
            live.remove(env);
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
