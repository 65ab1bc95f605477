package dev.lamina.apigateway.execute;

/**
 * API Gateway's throttling of one route of one stage: a bucket of at most {@code burst} tokens,
 * refilled at {@code rate} tokens a second; a request takes one, or is refused (429) when none is left.
 * Pure: each {@link #take} returns the bucket that follows.
 *
 * <p>Example: burst 2, rate 1. At t=0 the bucket is full (2): requests at 0 ms and 10 ms pass (1, then
 * 0 tokens), one at 20 ms is refused (0.02 tokens); by 1,020 ms a token has come back and one passes.
 * Burst 0 refuses everything, as on API Gateway. Caveat: the time is in milliseconds, so rates above
 * 1,000 a second refill in steps of a millisecond; a clock that goes back refills nothing.
 *
 * @param tokens what the bucket held at {@code atMillis}
 */
public record TokenBucket(Limits limits, double tokens, long atMillis) {
    /** AWS's account-level limits, which a stage's unset settings fall back to. */
    public static final int ACCOUNT_BURST = 5_000;

    public static final double ACCOUNT_RATE = 10_000;

    /** A bucket's size and refill rate (tokens a second). */
    public record Limits(int burst, double rate) {
        public Limits {
            if (burst < 0 || rate < 0) {
                throw new IllegalArgumentException("negative limits " + burst + ", " + rate);
            }
        }
    }

    /** What {@link #take} decided, and the bucket after it. */
    public record Taken(boolean admitted, TokenBucket next) {}

    /** A full bucket at {@code nowMillis}. */
    public static TokenBucket full(Limits limits, long nowMillis) {
        return new TokenBucket(limits, limits.burst(), nowMillis);
    }

    /** Takes a token for a request at {@code nowMillis}, if the bucket has one after refilling. */
    public Taken take(long nowMillis) {
        long elapsed = Math.max(0, nowMillis - atMillis);
        double now = Math.min(limits.burst(), tokens + limits.rate() * elapsed / 1000.0);
        long at = Math.max(atMillis, nowMillis);
        if (now >= 1) {
            return new Taken(true, new TokenBucket(limits, now - 1, at));
        }
        return new Taken(false, new TokenBucket(limits, now, at));
    }
}
