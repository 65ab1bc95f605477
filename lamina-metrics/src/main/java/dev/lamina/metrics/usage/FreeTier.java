package dev.lamina.metrics.usage;

/**
 * Lambda's monthly free tier: a million requests and 400,000 GB-seconds of compute a month, on both
 * architectures together.
 *
 * @param requests free requests a calendar month
 * @param gbSeconds free GB-seconds a calendar month
 */
public record FreeTier(long requests, double gbSeconds) {
    public static final FreeTier LAMBDA = new FreeTier(1_000_000, 400_000);

    public FreeTier {
        if (requests < 0 || !(gbSeconds >= 0)) {
            throw new IllegalArgumentException("a free tier is zero or more");
        }
    }
}
