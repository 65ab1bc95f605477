package dev.lamina.metrics.usage;

/**
 * What Lamina charges in a usage report, in US dollars. The defaults are Lambda's public on-demand
 * list prices in us-east-1 (the first tier of duration; the cheaper tiers past 6 billion GB-s a
 * month are not applied): $0.20 per million requests, $0.0000166667 per GB-s on x86_64,
 * $0.0000133334 on arm64, and $0.0000000309 per GB-s of {@code /tmp} above 512 MB.
 *
 * @param perMillionRequests the price of a million requests
 * @param perGbSecondX86 the price of a GB-second on x86_64
 * @param perGbSecondArm the price of a GB-second on arm64
 * @param perEphemeralGbSecond the price of a GB-second of {@code /tmp} above 512 MB
 */
public record Prices(
        double perMillionRequests, double perGbSecondX86, double perGbSecondArm, double perEphemeralGbSecond) {

    public static final Prices LAMBDA_US_EAST_1 = new Prices(0.20, 0.0000166667, 0.0000133334, 0.0000000309);

    public Prices {
        if (!(perMillionRequests >= 0 && perGbSecondX86 >= 0 && perGbSecondArm >= 0 && perEphemeralGbSecond >= 0)) {
            throw new IllegalArgumentException("prices must be zero or more");
        }
    }

    /** The price of a GB-second of compute on {@code architecture} ({@code arm64}, else x86_64's). */
    public double perGbSecond(String architecture) {
        return "arm64".equals(architecture) ? perGbSecondArm : perGbSecondX86;
    }

    /** The price of {@code requests} requests. */
    public double requests(long requests) {
        return requests * perMillionRequests / 1_000_000;
    }
}
