package dev.lamina.lambda;

import dev.lamina.core.Scheduler;
import dev.lamina.core.Ticker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Time that moves only when a test moves it: a {@link Ticker}, and a {@link Scheduler} whose tasks
 * run, on the test's thread, when {@link #advance} passes their time.
 */
public final class ManualTime implements Ticker, Scheduler {
    private record Task(long atNanos, Runnable task, CompletableFuture<Void> handle) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayNanos) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        tasks.add(new Task(now + delayNanos, task, handle));
        return handle;
    }

    /** Moves time on by {@code nanos}, running (in time order) the tasks that fall due, outside the lock. */
    public void advance(long nanos) {
        long until;
        synchronized (this) {
            until = now + nanos;
        }
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.stream()
                        .filter(t -> t.atNanos() <= until)
                        .min(Comparator.comparingLong(Task::atNanos))
                        .orElse(null);
                if (due == null) {
                    now = until;
                    return;
                }
                tasks.remove(due);
                now = Math.max(now, due.atNanos());
            }
            if (!due.handle().isCancelled()) {
                due.task().run();
            }
        }
    }

    /** The delays of the tasks waiting to run, from now, cancelled ones left out. */
    public synchronized List<Long> pending() {
        return tasks.stream()
                .filter(t -> !t.handle().isCancelled())
                .map(t -> t.atNanos() - now)
                .sorted()
                .toList();
    }
}
