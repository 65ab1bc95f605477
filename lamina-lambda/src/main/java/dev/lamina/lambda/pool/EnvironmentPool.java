package dev.lamina.lambda.pool;

import dev.lamina.core.Scheduler;
import dev.lamina.core.Ticker;
import dev.lamina.lambda.environment.PooledEnvironment;
import dev.lamina.lambda.function.FunctionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The environments of one function: idle ones wait in a stack (the most recently used is reused
 * first, so the others age out), busy ones are counted with when they were taken. Every method holds
 * the pool's lock briefly and completes waiting invocations outside it; the environments that a call
 * decides to shut down are returned to the caller, which closes them outside the lock.
 *
 * <p>While the node's CPUs are saturated, more environments cannot run more invocations, they only
 * share the same CPUs more ways (each runtime then warms up its own JIT, and a cold start takes CPU
 * from the ones serving). So when a function already has {@code cap} busy environments and its warm
 * invocations are shorter than its cold starts, {@link #takeLater} queues the invocation for the next
 * environment released (first come, first served), for at most as long as its cold starts take, and
 * only then lets it take an idle one or start one. An idle provisioned environment is taken at once:
 * it was started to serve.
 *
 * <p>At most {@code startCap} of its environments start at once (decision 58). An invocation that
 * finds none idle while that many are starting queues too, for the next environment released or the
 * next start that ends (it then starts its own), for at most {@link #FIRST_BURST_WAIT_NANOS} or its
 * cold starts' time, whichever is longer: a burst on a function without environments is then served
 * by the first ones ready, as they free up, instead of by as many runtimes starting at once on the
 * same CPUs.
 */
final class EnvironmentPool<E extends PooledEnvironment> {
    /** Weight of each new sample in the moving averages of invocation and cold-start times. */
    private static final double ALPHA = 1.0 / 8;

    /** The longest an invocation waits for a start to end before it starts its own, unless cold starts take longer. */
    static final long FIRST_BURST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Deque<E> idle = new ArrayDeque<>();
    /** Busy environments, with when each was taken and whether it was cold then. */
    private final Map<E, Use> busy = new HashMap<>();
    /** Invocations waiting for a busy environment, oldest first. */
    private final Deque<Waiter<E>> waiters = new ArrayDeque<>();
    /** Moving averages, in nanoseconds from take to release; 0 until the first sample. */
    private double warmNanos;

    private double coldNanos;

    /** Busy environments beyond which, on saturated CPUs, invocations wait. */
    private final int cap;

    /** Environments starting at once beyond which invocations wait. */
    private final int startCap;

    /** Environments being started for invocations: from the decision to start one until its init ends. */
    private int starting;

    private final Ticker ticker;

    private record Use(long sinceNanos, boolean cold) {}

    private record Waiter<E>(FunctionConfig config, CompletableFuture<E> handed, long nanos) {}

    /** @param ticker what invocation and cold-start times are measured with */
    EnvironmentPool(int cap, int startCap, Ticker ticker) {
        this.cap = cap;
        this.startCap = startCap;
        this.ticker = ticker;
    }

    /**
     * An environment for {@code config}, marked busy, without blocking a thread. The future completes
     * at once (with {@code null}: start one), or, when the invocation must wait (see the class
     * comment), with the environment handed over, or with {@code null} once {@code timer} ends the
     * wait without one, or a start ends: the caller then goes on with {@link #takeNow}. Completions
     * run on the thread that releases the environment or ends a start, or on {@code timer}'s. A
     * {@code null} counts as a start begun until {@link #startEnded}.
     */
    CompletableFuture<E> takeLater(FunctionConfig config, List<E> retired, boolean saturated, Scheduler timer) {
        Waiter<E> waiter = takeOrQueue(config, retired, saturated);
        if (!waiter.handed().isDone()) {
            endWaitLater(waiter, timer);
        }
        return waiter.handed();
    }

    /** Ends a queued waiter's wait with {@code null} after its time, unless a release or close ends it first. */
    private void endWaitLater(Waiter<E> waiter, Scheduler timer) {
        Runnable giveUp = () -> {
            if (leaveQueue(waiter)) {
                waiter.handed().complete(null);
            }
        };
        try {
            Future<?> timeout = timer.schedule(giveUp, waiter.nanos());
            waiter.handed().whenComplete((env, e) -> timeout.cancel(false));
        } catch (RejectedExecutionException e) {
            giveUp.run(); // the node is closing
        }
    }

    /**
     * What {@link #takeLater} starts with: an already completed waiter, never queued,
     * when the invocation need not wait (its environment, or {@code null}: start one); else a queued one.
     */
    private synchronized Waiter<E> takeOrQueue(FunctionConfig config, List<E> retired, boolean saturated) {
        boolean wait = mustWait(saturated);
        E now = wait ? takeIdleProvisioned(config) : takeIdle(config, retired);
        if (now != null) {
            return new Waiter<>(config, CompletableFuture.completedFuture(now), 0);
        }
        if (wait) {
            return enqueue(config, (long) coldNanos);
        }
        if (starting >= startCap) {
            return enqueue(config, Math.max(FIRST_BURST_WAIT_NANOS, (long) coldNanos));
        }
        starting++;
        return new Waiter<>(config, CompletableFuture.completedFuture(null), 0);
    }

    /**
     * An idle environment for {@code config}, marked busy, or {@code null}: never waits. A {@code null}
     * counts as a start begun until {@link #startEnded}.
     */
    synchronized E takeNow(FunctionConfig config, List<E> retired) {
        E env = takeIdle(config, retired);
        if (env == null) {
            starting++;
        }
        return env;
    }

    /**
     * A start begun after {@link #takeLater} or {@link #takeNow} gave {@code null} has ended: its
     * environment's init finished or failed, or it did not start. The oldest waiting invocation, if
     * it need not wait on, goes on (to an idle environment or a start of its own).
     */
    void startEnded(boolean saturated) {
        Waiter<E> waiter = null;
        synchronized (this) {
            starting = Math.max(0, starting - 1);
            if (starting < startCap && !mustWait(saturated)) {
                waiter = waiters.poll();
            }
        }
        if (waiter != null) {
            waiter.handed().complete(null);
        }
    }

    /** Whether a new invocation must queue for a busy environment; called with the lock held. */
    private boolean mustWait(boolean saturated) {
        return saturated && busy.size() >= cap && warmNanos != 0 && coldNanos != 0 && warmNanos < coldNanos;
    }

    /** Queues an invocation for the next released environment, for at most {@code nanos}; called with the lock held. */
    private Waiter<E> enqueue(FunctionConfig config, long nanos) {
        Waiter<E> waiter = new Waiter<>(config, new CompletableFuture<>(), nanos);
        waiters.add(waiter);
        return waiter;
    }

    /** Whether the waiter was still queued; false once a release or close took it (and completes it). */
    private synchronized boolean leaveQueue(Waiter<E> waiter) {
        return waiters.remove(waiter);
    }

    /**
     * An idle environment that runs {@code config}, marked busy, or {@code null}; environments that
     * run an older configuration or have stopped are moved to {@code retired}.
     */
    private E takeIdle(FunctionConfig config, List<E> retired) {
        while (!idle.isEmpty()) {
            E env = idle.pop();
            if (env.isStopped() || !env.config().runsSameAs(config)) {
                retired.add(env);
                continue;
            }
            busy.put(env, new Use(ticker.nanoTime(), false));
            return env;
        }
        return null;
    }

    /** An idle provisioned environment that runs {@code config}, marked busy, or {@code null}. */
    private E takeIdleProvisioned(FunctionConfig config) {
        for (Iterator<E> it = idle.iterator(); it.hasNext(); ) {
            E env = it.next();
            if (env.provisioned() && !env.isStopped() && env.config().runsSameAs(config)) {
                it.remove();
                busy.put(env, new Use(ticker.nanoTime(), false));
                return env;
            }
        }
        return null;
    }

    /**
     * A newly started environment, busy with its first (cold) invocation.
     *
     * @param startedNanos when its start began (by the pool's clock), so that cold starts are timed whole
     */
    synchronized void addBusy(E env, long startedNanos) {
        busy.put(env, new Use(startedNanos, true));
    }

    /** The pool's clock, for {@link #addBusy}. */
    long now() {
        return ticker.nanoTime();
    }

    /** The pool is gone (its function or version deleted, or the node closing): nobody waits on it any more. */
    void close() {
        List<Waiter<E>> sent;
        synchronized (this) {
            sent = new ArrayList<>(waiters);
            waiters.clear();
        }
        sent.forEach(waiter -> waiter.handed().complete(null));
    }

    /**
     * Adds an environment initialised ahead of traffic: it goes to the oldest waiting invocation that
     * runs its configuration (a provisioned environment is taken without waiting), else it is the
     * next one taken.
     */
    void addIdle(E env) {
        Waiter<E> waiter = null;
        synchronized (this) {
            if (!env.isStopped()) {
                for (Iterator<Waiter<E>> it = waiters.iterator(); it.hasNext() && waiter == null; ) {
                    Waiter<E> w = it.next();
                    if (env.config().runsSameAs(w.config())) {
                        it.remove();
                        waiter = w;
                    }
                }
            }
            if (waiter != null) {
                busy.put(env, new Use(ticker.nanoTime(), false));
            } else {
                idle.push(env);
            }
        }
        if (waiter != null) {
            waiter.handed().complete(env);
        }
    }

    /**
     * Returns a busy environment; true if it went back to idle or on to a waiting invocation, false
     * if the caller must close it. A waiter is completed outside the lock, on this thread.
     */
    boolean release(E env, FunctionConfig current, boolean saturated) {
        Waiter<E> waiter;
        boolean handed = false;
        boolean kept;
        synchronized (this) {
            Use use = busy.remove(env);
            if (use != null) {
                double nanos = ticker.nanoTime() - use.sinceNanos();
                if (use.cold()) {
                    coldNanos = coldNanos == 0 ? nanos : coldNanos + ALPHA * (nanos - coldNanos);
                } else {
                    warmNanos = warmNanos == 0 ? nanos : warmNanos + ALPHA * (nanos - warmNanos);
                }
            }
            boolean reusable = env.isFree() && current != null && env.config().runsSameAs(current);
            // On saturated CPUs handed on only below the cap, so that the busy ones shrink back to it after a burst.
            waiter = mustWait(saturated) ? null : waiters.poll();
            if (waiter != null && reusable && env.config().runsSameAs(waiter.config())) {
                busy.put(env, new Use(ticker.nanoTime(), false));
                handed = true;
            } else if (reusable) {
                idle.push(env);
            }
            kept = reusable;
        }
        if (waiter != null) {
            // a waiter not handed this one goes on as without waiting
            waiter.handed().complete(handed ? env : null);
        }
        return kept;
    }

    /** The environment's process exited; true if it was idle and the caller must close it. */
    synchronized boolean stopped(E env) {
        return idle.remove(env);
    }

    /** Removes and returns all idle environments; busy ones are closed when released. */
    synchronized List<E> drainIdle() {
        List<E> out = new ArrayList<>(idle);
        idle.clear();
        return out;
    }

    /** Removes and returns the on-demand idle environments unused since {@code cutoffNanos}. */
    synchronized List<E> expired(long cutoffNanos, Set<E> provisioned) {
        List<E> out = new ArrayList<>();
        for (Iterator<E> it = idle.iterator(); it.hasNext(); ) {
            E env = it.next();
            if (env.lastUsedNanos() - cutoffNanos < 0 && !provisioned.contains(env)) {
                it.remove();
                out.add(env);
            }
        }
        return out;
    }

    /** The on-demand idle environment unused the longest, left in place, or {@code null}. */
    synchronized E oldestIdle(Set<E> provisioned) {
        for (Iterator<E> it = idle.descendingIterator(); it.hasNext(); ) {
            E env = it.next();
            if (!provisioned.contains(env)) {
                return env;
            }
        }
        return null;
    }

    /** Removes {@code env} if it is still idle here. */
    synchronized boolean removeIdle(E env) {
        return idle.remove(env);
    }

    /** The idle environments unused since {@code cutoffNanos}, left in place. */
    synchronized List<E> idleSince(long cutoffNanos) {
        List<E> out = new ArrayList<>();
        for (E env : idle) {
            if (env.lastUsedNanos() - cutoffNanos < 0) {
                out.add(env);
            }
        }
        return out;
    }

    synchronized int idleCount() {
        return idle.size();
    }

    synchronized int busyCount() {
        return busy.size();
    }
}
