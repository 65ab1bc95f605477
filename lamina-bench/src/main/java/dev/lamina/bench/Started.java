package dev.lamina.bench;

import dev.lamina.it.TestNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a benchmark has started (nodes, peers), so that it is all stopped at the end whatever happens:
 * on success, on failure and from the shutdown hook on Ctrl-C. Once {@link #stopAll()} has begun,
 * something started later is stopped at once.
 */
final class Started {
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private boolean stopping;

    /** What a benchmark does between starting things and stopping them. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code body}, then stops everything it started and deletes {@code work}, also when it fails
     * and, through a shutdown hook, on Ctrl-C.
     */
    void around(String name, Path work, Body body) throws Exception {
        Thread hook = new Thread(this::stopAll, name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            body.run();
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(hook);
            TestNode.deleteTree(work);
        }
    }

    /** Remembers something started; returns it. */
    <T extends AutoCloseable> T track(T started) {
        synchronized (running) {
            if (!stopping) {
                running.push(started);
                return started;
            }
        }
        close(started);
        throw new IllegalStateException("the benchmark is stopping");
    }

    /** Stops something started now (and forgets it). */
    void stop(AutoCloseable started) {
        synchronized (running) {
            running.remove(started);
        }
        close(started);
    }

    /** Stops everything, the last started first. */
    void stopAll() {
        synchronized (running) {
            stopping = true;
        }
        while (true) {
            AutoCloseable next;
            synchronized (running) {
                next = running.poll();
            }
            if (next == null) {
                return;
            }
            close(next);
        }
    }

    static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + c + ": " + e);
        }
    }
}
