package dev.lamina.cloudwatch.metric;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Values of one metric at one moment, as PutMetricData's {@code MetricDatum} or an invocation's end
 * gives them.
 *
 * @param unit one of CloudWatch's standard units, {@code None} when none was given
 * @param highResolution kept at 1-second resolution too (PutMetricData's {@code StorageResolution=1},
 *     and Lambda's own metrics); else at 1 minute only
 */
public record Datum(Metric metric, String unit, Instant timestamp, Aggregate values, boolean highResolution) {
    /** CloudWatch's standard units. */
    public static final Set<String> UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    public Datum {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(values, "values");
    }
}
