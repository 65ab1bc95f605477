package dev.lamina.pool;

import dev.lamina.environment.ExecutionEnvironment;
import dev.lamina.function.FunctionConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The environments of one function: idle ones wait in a stack (the most recently used is reused
 * first, so the others age out), busy ones are only counted. Every method is short and synchronized;
 * the environments that a call decides to shut down are returned to the caller, which closes them
 * outside the lock.
 */
final class EnvironmentPool {
    private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final Set<ExecutionEnvironment> busy = new HashSet<>();

    /**
     * An idle environment that runs {@code config}, marked busy, or {@code null}; environments that
     * run an older configuration or have stopped are moved to {@code retired}.
     */
    synchronized ExecutionEnvironment takeIdle(FunctionConfig config, List<ExecutionEnvironment> retired) {
        while (!idle.isEmpty()) {
            ExecutionEnvironment env = idle.pop();
            if (env.isStopped() || !env.config().runsSameAs(config)) {
                retired.add(env);
                continue;
            }
            busy.add(env);
            return env;
        }
        return null;
    }

    synchronized void addBusy(ExecutionEnvironment env) {
        busy.add(env);
    }

    /** Adds an environment initialised ahead of traffic; it is the next one taken. */
    synchronized void addIdle(ExecutionEnvironment env) {
        idle.push(env);
    }

    /** Returns a busy environment; true if it went back to idle, false if the caller must close it. */
    synchronized boolean release(ExecutionEnvironment env, FunctionConfig current) {
        busy.remove(env);
        if (!env.isFree() || current == null || !env.config().runsSameAs(current)) {
            return false;
        }
        idle.push(env);
        return true;
    }

    /** The environment's process exited; true if it was idle and the caller must close it. */
    synchronized boolean stopped(ExecutionEnvironment env) {
        return idle.remove(env);
    }

    /** Removes and returns all idle environments; busy ones are closed when released. */
    synchronized List<ExecutionEnvironment> drainIdle() {
        List<ExecutionEnvironment> out = new ArrayList<>(idle);
        idle.clear();
        return out;
    }

    /** Removes and returns the on-demand idle environments unused since {@code cutoffNanos}. */
    synchronized List<ExecutionEnvironment> expired(long cutoffNanos, Set<ExecutionEnvironment> provisioned) {
        List<ExecutionEnvironment> out = new ArrayList<>();
        for (Iterator<ExecutionEnvironment> it = idle.iterator(); it.hasNext(); ) {
            ExecutionEnvironment env = it.next();
            if (env.lastUsedNanos() - cutoffNanos < 0 && !provisioned.contains(env)) {
                it.remove();
                out.add(env);
            }
        }
        return out;
    }

    /** The on-demand idle environment unused the longest, left in place, or {@code null}. */
    synchronized ExecutionEnvironment oldestIdle(Set<ExecutionEnvironment> provisioned) {
        for (Iterator<ExecutionEnvironment> it = idle.descendingIterator(); it.hasNext(); ) {
            ExecutionEnvironment env = it.next();
            if (!provisioned.contains(env)) {
                return env;
            }
        }
        return null;
    }

    /** Removes {@code env} if it is still idle here. */
    synchronized boolean removeIdle(ExecutionEnvironment env) {
        return idle.remove(env);
    }

    /** The idle environments unused since {@code cutoffNanos}, left in place. */
    synchronized List<ExecutionEnvironment> idleSince(long cutoffNanos) {
        List<ExecutionEnvironment> out = new ArrayList<>();
        for (ExecutionEnvironment env : idle) {
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
