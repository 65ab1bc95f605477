package dev.lamina.cloudwatch.metric;

import java.util.Map;
import java.util.TreeMap;

/**
 * What CloudWatch keeps of a metric's values in one period: their count, sum, minimum and maximum
 * (what GetMetricStatistics' Statistics answer from), and a {@link Histogram} of them for the
 * percentiles (ExtendedStatistics). Values count with a weight: PutMetricData's {@code Counts} say
 * how often each value occurred.
 *
 * <p>Mutable, for one thread: the feed's writer, a PutMetricData call, or a query merging periods.
 */
public final class Aggregate {
    private double count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    /** Histogram bucket index to the weight of the values in it. */
    private final TreeMap<Integer, Double> buckets = new TreeMap<>();

    /** A single value. */
    public static Aggregate of(double value) {
        Aggregate a = new Aggregate();
        a.add(value, 1);
        return a;
    }

    /** The aggregate as a store read it back. */
    public static Aggregate of(double count, double sum, double min, double max, Map<Integer, Double> buckets) {
        Aggregate a = new Aggregate();
        a.count = count;
        a.sum = sum;
        a.min = min;
        a.max = max;
        a.buckets.putAll(buckets);
        return a;
    }

    /** Adds {@code value}, occurring {@code times} times. */
    public Aggregate add(double value, double times) {
        count += times;
        sum += value * times;
        min = Math.min(min, value);
        max = Math.max(max, value);
        buckets.merge(Histogram.bucket(value), times, Double::sum);
        return this;
    }

    /**
     * Adds a statistic set (PutMetricData's {@code StatisticValues}), whose values are not known one by
     * one: for the percentiles all of them count at their mean, clamped to the set's bounds.
     */
    public Aggregate addSet(double sampleCount, double setSum, double setMin, double setMax) {
        count += sampleCount;
        sum += setSum;
        min = Math.min(min, setMin);
        max = Math.max(max, setMax);
        double mean = sampleCount > 0 ? Math.clamp(setSum / sampleCount, setMin, setMax) : setMin;
        buckets.merge(Histogram.bucket(mean), sampleCount, Double::sum);
        return this;
    }

    /** Adds everything {@code other} holds. */
    public Aggregate merge(Aggregate other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        other.buckets.forEach((b, n) -> buckets.merge(b, n, Double::sum));
        return this;
    }

    public double count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double average() {
        return count == 0 ? 0 : sum / count;
    }

    /** The histogram's buckets, read-only. */
    public Map<Integer, Double> buckets() {
        return java.util.Collections.unmodifiableMap(buckets);
    }

    /** The {@code percent}th percentile, estimated from the histogram (see {@link Histogram#percentile}). */
    public double percentile(double percent) {
        return Histogram.percentile(buckets, count, min, max, percent);
    }

    /**
     * A statistic by its name in GetMetricData's {@code Stat} or GetMetricStatistics' lists:
     * {@code SampleCount}, {@code Average}, {@code Sum}, {@code Minimum}, {@code Maximum} or a
     * percentile {@code pNN.NN}; see {@link Statistic}.
     */
    public double statistic(Statistic statistic) {
        return switch (statistic) {
            case Statistic.Basic b ->
                switch (b.name()) {
                    case "SampleCount" -> count;
                    case "Average" -> average();
                    case "Sum" -> sum;
                    case "Minimum" -> min;
                    default -> max;
                };
            case Statistic.Percentile p -> percentile(p.percent());
        };
    }
}
