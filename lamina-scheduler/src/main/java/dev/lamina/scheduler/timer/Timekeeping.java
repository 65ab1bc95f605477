package dev.lamina.scheduler.timer;

import dev.lamina.storage.Transactions;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What schedules and rules share to keep their ticks: the store's transactions, the due-time index, the
 * clock and randomness, the region and account their ARNs name, and how to wake the firing thread.
 *
 * @param wake tells the firing thread that the index changed; run after the change commits
 */
public record Timekeeping(
        Transactions db,
        Timers timers,
        Clock clock,
        RandomGenerator random,
        String region,
        String account,
        Runnable wake) {
    public Timekeeping {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(wake, "wake");
    }
}
