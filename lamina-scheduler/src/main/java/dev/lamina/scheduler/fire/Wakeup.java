package dev.lamina.scheduler.fire;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How a change to the due-time index (a schedule made, changed, enabled) wakes the firing thread: any
 * thread calls {@link #wake}; the firing thread {@link #await}s it, for at most as long as it may
 * sleep. Wake-ups that come while it is busy make its next wait end at once.
 */
public final class Wakeup {
    /** A permit per wake-up since the thread last looked; it takes them all at once. */
    private final Semaphore permits = new Semaphore(0);

    /** Wakes the firing thread. Any thread. */
    public void wake() {
        permits.release();
    }

    /** Waits up to {@code max} for a wake-up; called by the firing thread only. */
    void await(Duration max) throws InterruptedException {
        if (!max.isNegative() && !max.isZero() && permits.tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS)) {
            permits.drainPermits();
        }
    }
}
