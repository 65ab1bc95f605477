package dev.lamina.cloudwatch.metric;

import java.time.Instant;
import java.util.Objects;

/**
 * Values of one metric at one moment, as PutMetricData's {@code MetricDatum} or an invocation's end
 * gives them.
 *
 * @param unit one of CloudWatch's standard units, {@code None} when none was given
 * @param highResolution kept at 1-second resolution too (PutMetricData's {@code StorageResolution=1},
 *     and Lambda's own metrics); else at 1 minute only
 */
public record Datum(Metric metric, String unit, Instant timestamp, Aggregate values, boolean highResolution) {
    public Datum {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(values, "values");
    }
}
