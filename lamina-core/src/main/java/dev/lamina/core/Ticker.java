package dev.lamina.core;

/**
 * A source of nanosecond time for measuring durations (like {@link System#nanoTime}: only the
 * difference between two readings means anything). Injected wherever a duration or a deadline is
 * measured, so that tests move time by hand instead of sleeping; wall-clock time comes from a
 * {@link java.time.InstantSource} instead.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds since an arbitrary origin, never going backwards. Safe to call from any thread. */
    long nanoTime();

    /** The JVM's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
