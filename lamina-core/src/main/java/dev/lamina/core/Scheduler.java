package dev.lamina.core;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task once after a delay measured like a {@link Ticker}'s time. Injected where a wait ends on
 * a timer, so that tests fire timers by moving time by hand instead of sleeping.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * Runs {@code task} once, {@code delayNanos} from now, on the scheduler's thread; cancelling the
     * returned future before then keeps it from running. Safe to call from any thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler has shut down
     */
    Future<?> schedule(Runnable task, long delayNanos);

    /** A scheduler on an executor's timer. */
    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delayNanos) -> executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }
}
