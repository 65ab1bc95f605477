package dev.lamina.lambda;

/**
 * Retry timing of asynchronous invocations, Lambda's by default; tests shorten it.
 *
 * @param retryDelayMillis the wait before the first retry after a function error; the second
 *     waits twice as long (default 60 s, as Lambda: about one minute, then two)
 * @param backoffMillis the first wait after a throttle or a system error, doubled each time
 *     (default 1 s)
 * @param maxBackoffMillis the longest such wait (default 5 min)
 */
public record RetryTiming(long retryDelayMillis, long backoffMillis, long maxBackoffMillis) {
    public static RetryTiming defaults() {
        return new RetryTiming(60_000, 1_000, 300_000);
    }

    public RetryTiming withRetryDelayMillis(long value) {
        return new RetryTiming(value, backoffMillis, maxBackoffMillis);
    }
}
