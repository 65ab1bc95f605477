package dev.lamina.pool;

import dev.lamina.environment.PooledEnvironment;
import dev.lamina.function.FunctionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The environments of one function: idle ones wait in a stack (the most recently used is reused
 * first, so the others age out), busy ones are counted with when they were taken. Every method is
 * short and synchronized; the environments that a call decides to shut down are returned to the
 * caller, which closes them outside the lock.
 *
 * <p>While the node's CPUs are saturated, more environments cannot run more invocations, they only
 * share the same CPUs more ways (each runtime then warms up its own JIT, and a cold start takes CPU
 * from the ones serving). So when a function already has {@code cap} busy environments and its warm
 * invocations are shorter than its cold starts, {@link #take} queues the invocation for the next
 * environment released (first come, first served), for at most as long as its cold starts take, and
 * only then lets it take an idle one or start one. An idle provisioned environment is taken at once:
 * it was started to serve.
 */
final class EnvironmentPool<E extends PooledEnvironment> {
    /** Weight of each new sample in the moving averages of invocation and cold-start times. */
    private static final double ALPHA = 1.0 / 8;

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

    private final LongSupplier nanoClock;

    private record Use(long sinceNanos, boolean cold) {}

    private record Waiter<E>(FunctionConfig config, CompletableFuture<E> handed) {}

    EnvironmentPool(int cap) {
        this(cap, System::nanoTime);
    }

    /** @param nanoClock what invocation and cold-start times are measured with */
    EnvironmentPool(int cap, LongSupplier nanoClock) {
        this.cap = cap;
        this.nanoClock = nanoClock;
    }

    /**
     * An environment for {@code config}, marked busy, or {@code null} when the caller should start
     * one. Waits for a released environment when {@code saturated} and the function has {@code cap}
     * busy ones (see the class comment).
     */
    E take(FunctionConfig config, List<E> retired, boolean saturated) throws InterruptedException {
        Waiter<E> waiter;
        long waitNanos;
        synchronized (this) {
            waitNanos = (long) coldNanos;
            if (!saturated || busy.size() < cap || warmNanos == 0 || waitNanos == 0 || warmNanos >= coldNanos) {
                return takeIdle(config, retired);
            }
            E provisioned = takeIdleProvisioned(config);
            if (provisioned != null) {
                return provisioned;
            }
            waiter = new Waiter<>(config, new CompletableFuture<>());
            waiters.add(waiter);
        }
        try {
            E env = waiter.handed().get(waitNanos, TimeUnit.NANOSECONDS);
            if (env != null) {
                return env;
            }
        } catch (TimeoutException e) {
            // waited as long as a cold start takes: go on as without waiting
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            E handed = abandon(waiter);
            if (handed == null) {
                throw e;
            }
            // Already the caller's: it runs the invocation (which sees the interrupt) and releases it.
            Thread.currentThread().interrupt();
            return handed;
        }
        E handed = abandon(waiter);
        if (handed != null) {
            return handed;
        }
        synchronized (this) {
            return takeIdle(config, retired);
        }
    }

    /** Stops waiting; returns the environment handed over meanwhile, if one was. */
    private synchronized E abandon(Waiter<E> waiter) {
        if (waiters.remove(waiter)) {
            return null;
        }
        return waiter.handed().getNow(null);
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
            busy.put(env, new Use(nanoClock.getAsLong(), false));
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
                busy.put(env, new Use(nanoClock.getAsLong(), false));
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
        return nanoClock.getAsLong();
    }

    /** The pool is gone (its function or version deleted, or the node closing): nobody waits on it any more. */
    synchronized void close() {
        for (Waiter<E> waiter; (waiter = waiters.poll()) != null; ) {
            waiter.handed().complete(null);
        }
    }

    /** Adds an environment initialised ahead of traffic; it is the next one taken. */
    synchronized void addIdle(E env) {
        idle.push(env);
    }

    /** Returns a busy environment; true if it went back to idle, false if the caller must close it. */
    synchronized boolean release(E env, FunctionConfig current) {
        Use use = busy.remove(env);
        if (use != null) {
            double nanos = nanoClock.getAsLong() - use.sinceNanos();
            if (use.cold()) {
                coldNanos = coldNanos == 0 ? nanos : coldNanos + ALPHA * (nanos - coldNanos);
            } else {
                warmNanos = warmNanos == 0 ? nanos : warmNanos + ALPHA * (nanos - warmNanos);
            }
        }
        boolean reusable = env.isFree() && current != null && env.config().runsSameAs(current);
        // Handed on only below the cap, so that the busy ones shrink back to it after a burst.
        Waiter<E> waiter = busy.size() < cap ? waiters.poll() : null;
        if (waiter != null) {
            if (reusable && env.config().runsSameAs(waiter.config())) {
                busy.put(env, new Use(nanoClock.getAsLong(), false));
                waiter.handed().complete(env);
                return true;
            }
            waiter.handed().complete(null); // it goes on as without waiting
        }
        if (!reusable) {
            return false;
        }
        idle.push(env);
        return true;
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
