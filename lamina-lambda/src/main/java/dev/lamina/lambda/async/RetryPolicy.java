package dev.lamina.lambda.async;

/**
 * When an asynchronous invocation is tried again, as pure functions of its state.
 *
 * <p>A function error (an error document, a timeout, a crash) is retried up to the configuration's
 * MaximumRetryAttempts, Lambda waiting about one minute before the first retry and two before the
 * second: retry n waits {@code n × retryDelayMillis}. A throttle or a system error puts the event
 * back with exponential back-off: 1 s, 2 s, 4 s … up to 5 min on Lambda. An event older than
 * MaximumEventAgeInSeconds when it comes up again is not run: it goes to the OnFailure destination
 * as EventAgeExceeded. Example with Lambda's figures and the defaults: a function that always fails
 * runs at 0, ~60 s and ~180 s, then its event goes to OnFailure as RetriesExhausted with
 * approximateInvokeCount 3.
 *
 * @param retryDelayMillis the wait before the first retry after a function error (Lambda: 60 s)
 * @param backoffMillis the first back-off after a throttle or a system error (Lambda: 1 s)
 * @param maxBackoffMillis the longest back-off (Lambda: 5 min)
 */
public record RetryPolicy(long retryDelayMillis, long backoffMillis, long maxBackoffMillis) {

    /** Why an event left the queue, in the words of Lambda's invocation record. */
    public enum Condition {
        Success,
        RetriesExhausted,
        EventAgeExceeded
    }

    /** What to do with an event after an attempt that ran the function. */
    public sealed interface Next {}

    /** The event is done: deliver the record to the destination for {@code condition}, if any. */
    public record Finish(Condition condition) implements Next {}

    /** Try again at {@code dueAt}. */
    public record RetryAt(long dueAt) implements Next {}

    public RetryPolicy {
        if (retryDelayMillis < 0 || backoffMillis < 1 || maxBackoffMillis < backoffMillis) {
            throw new IllegalArgumentException("delays must be positive and the maximum back-off at least the first");
        }
    }

    /**
     * After the function ran the event for the {@code attempts}-th time.
     *
     * @param failed whether it answered with a function error
     */
    public Next afterAttempt(int attempts, boolean failed, EventInvokeConfig config, long now) {
        if (!failed) {
            return new Finish(Condition.Success);
        }
        if (attempts > config.retryAttempts()) {
            return new Finish(Condition.RetriesExhausted);
        }
        return new RetryAt(now + retryDelayMillis * attempts);
    }

    /** The wait after the {@code consecutive}-th throttle or system error in a row (1-based). */
    public long backoff(int consecutive) {
        int doublings = Math.min(Math.max(consecutive, 1) - 1, 30);
        return Math.min(maxBackoffMillis, backoffMillis << doublings);
    }

    /** Whether an event is too old to be run at {@code now}. */
    public static boolean expired(AsyncEvent event, long now) {
        return now >= event.expiresAt();
    }
}
