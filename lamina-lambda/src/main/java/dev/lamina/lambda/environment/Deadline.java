package dev.lamina.lambda.environment;

import dev.lamina.core.Scheduler;
import dev.lamina.core.Ticker;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The function's timeout for each invocation of one environment. It counts from when the runtime
 * takes the invocation; one it has not taken times out after the whole timeout, or, when it waits for
 * a cold start's init, after the init limit. Kept by a timer (the environment's Runtime API loop), so
 * no thread waits for it: {@link #watch} sets it, and when it passes with the invocation unanswered,
 * {@code expire} is told (it stops the environment, so it must not run on the loop).
 *
 * <p>Example: timeout 3 s, a cold invocation taken 2 s into init: the first check is at 3 s (the
 * earlier of init limit and timeout), finds it taken at 2 s with 2 s left, and checks again at 5 s,
 * when it expires unless answered.
 */
final class Deadline {
    /** Least time a log tail waits for the runtime's next {@code GET /next}; it may wait up to the timeout. */
    static final long TAIL_WAIT_MILLIS = 2000;

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final long timeoutMillis;
    private final long initTimeoutNanos;
    private final Ticker ticker;
    private final Scheduler timer;
    private final Consumer<Invocation> expire;

    /**
     * @param timeoutMillis the function's timeout
     * @param initTimeoutMillis how long a cold invocation may wait for init before it times out
     * @param expire ends an expired invocation; called on the timer's thread at most once per watch
     */
    Deadline(long timeoutMillis, long initTimeoutMillis, Ticker ticker, Scheduler timer, Consumer<Invocation> expire) {
        this.timeoutMillis = timeoutMillis;
        this.initTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(initTimeoutMillis);
        this.ticker = ticker;
        this.timer = timer;
        this.expire = expire;
    }

    /** One invocation's deadline; {@link #cancel} it once the invocation ended. */
    final class Watch {
        private final Invocation invocation;
        private final long sinceNanos;
        private final long firstWaitNanos;
        private volatile Future<?> scheduled;

        private Watch(Invocation invocation, boolean cold) {
            this.invocation = invocation;
            this.sinceNanos = ticker.nanoTime();
            this.firstWaitNanos = cold ? initTimeoutNanos : timeoutNanos();
        }

        private void check() {
            if (invocation.result().isDone()) {
                return;
            }
            Long delivered = invocation.delivered().getNow(null);
            long now = ticker.nanoTime();
            long left = delivered != null ? timeoutNanos() - (now - delivered) : firstWaitNanos - (now - sinceNanos);
            if (left > 0) {
                // not taken yet: look again no later than a whole timeout after it could be taken
                scheduled = timer.schedule(this::check, Math.min(left, timeoutNanos()));
            } else {
                expire.accept(invocation);
            }
        }

        void cancel() {
            Future<?> pending = scheduled;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    /** Starts keeping the invocation's deadline, as it is handed to the environment. */
    Watch watch(Invocation invocation, boolean cold) {
        Watch watch = new Watch(invocation, cold);
        watch.scheduled = timer.schedule(watch::check, Math.min(watch.firstWaitNanos, timeoutNanos()));
        return watch;
    }

    /** What an expired invocation ends with: {@code Sandbox.Timedout}. */
    RuntimeResult.PlatformError timedOut(Invocation invocation) {
        String message =
                "RequestId: " + invocation.requestId() + " Error: Task timed out after " + seconds() + " seconds";
        return new RuntimeResult.PlatformError("Sandbox.Timedout", ErrorDocuments.of("Sandbox.Timedout", message));
    }

    /** The log line of an expired invocation, at {@code now}. */
    String timedOutLine(Invocation invocation, Instant now) {
        return ISO.format(now) + " " + invocation.requestId() + " Task timed out after " + seconds() + " seconds";
    }

    /**
     * How long a caller who asked for the log tail waits for the invocation's REPORT, which is written
     * when the runtime asks for its next event: until the deadline (a runtime that hangs after posting
     * its result holds its caller no longer than the timeout), at least {@link #TAIL_WAIT_MILLIS}.
     */
    long tailWaitMillis(Invocation invocation) {
        Long delivered = invocation.delivered().getNow(null);
        long left =
                delivered == null ? 0 : timeoutMillis - TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - delivered);
        return Math.max(TAIL_WAIT_MILLIS, left);
    }

    private long timeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private String seconds() {
        return String.format(Locale.ROOT, "%.2f", timeoutMillis / 1000.0);
    }
}
