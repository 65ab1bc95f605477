package dev.lamina.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the node sets up its schedules.
 *
 * @param region and {@code account}: what the schedules' and rules' ARNs name
 * @param clock the time ticks are due by: the system's, or one a test moves
 * @param random where a flexible time window's delay comes from
 * @param poll the longest the firing thread sleeps without looking (it wakes when a schedule changes)
 */
public record SchedulerConfig(String region, String account, Clock clock, RandomGenerator random, Duration poll) {
    public SchedulerConfig {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("the poll is positive: " + poll);
        }
    }
}
