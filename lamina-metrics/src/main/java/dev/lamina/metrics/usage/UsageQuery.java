package dev.lamina.metrics.usage;

import java.time.Instant;
import java.util.Objects;

/**
 * Which usage to sum and how to group it.
 *
 * @param since records that ended at or after this instant
 * @param function only this function's records, or {@code null} for every function's
 * @param by one line per function or per day (UTC)
 */
public record UsageQuery(Instant since, String function, By by) {

    /** What one line of a usage report stands for. */
    public enum By {
        FUNCTION,
        DAY
    }

    public UsageQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(by, "by");
    }
}
