package dev.lamina.cloudwatch.metric;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where metric data is kept: per metric, unit, resolution (1 or 60 seconds) and period, an
 * {@link Aggregate}. Adding to a period that holds data merges into it. Thread-safe.
 */
public interface MetricStore {
    /** Seconds of 1-second data kept: 3 hours. */
    long SECOND_DATA_KEPT = 3 * 3600;

    /** Seconds of 1-minute data kept: 15 days. */
    long MINUTE_DATA_KEPT = 15 * 86400;

    /** Merges {@code entries} into what is kept, in one transaction. */
    void add(Collection<Rollup.Entry> entries);

    /**
     * The periods of {@code metric} (exactly these dimensions) at {@code resolution} starting in
     * [{@code from}, {@code to}), of {@code unit} or of every unit when it is {@code null}.
     */
    List<Point> points(Metric metric, String unit, int resolution, Instant from, Instant to);

    /** One period's data: its start, its unit and its aggregate. */
    record Point(Instant start, String unit, Aggregate values) {}

    /**
     * The metrics that had data since {@code since}, in the namespace and with the name given (either
     * {@code null} for any), sorted by namespace, name and dimensions.
     */
    List<Metric> metrics(String namespace, String name, Instant since);

    /** Drops 1-second data older than 3 hours and 1-minute data older than 15 days, as of {@code now}. */
    void expire(Instant now);
}
