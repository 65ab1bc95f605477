package dev.lamina.cloudwatch.metric;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics a node keeps, as CloudWatch's operations use them: data goes in ({@link #put}), periods
 * come out aggregated over a query's period ({@link #periods}), and the metrics with recent data are
 * listed ({@link #list}). Checks what AWS checks of a period and a time range; callers parse and
 * render. Thread-safe.
 */
public final class Metrics {
    /** The most datapoints GetMetricStatistics answers with. */
    public static final int MAX_DATAPOINTS = 1440;

    /** How long a metric with no new data is still listed: two weeks, as on AWS. */
    static final Duration LISTED_FOR = Duration.ofDays(14);

    private final MetricStore store;
    private final InstantSource clock;

    public Metrics(MetricStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Keeps {@code data}, merged into the periods already kept, in one transaction. */
    public void put(Collection<Datum> data) {
        store.add(Rollup.of(data));
    }

    /**
     * The data of {@code metric} (exactly its dimensions) between {@code start} and {@code end},
     * aggregated per {@code period} seconds and per unit, oldest first. A period shorter than a minute
     * reads the 1-second data (kept 3 hours), a longer one the 1-minute data (kept 15 days). Periods
     * start at {@code start} rounded down to the resolution read, then every {@code period} seconds.
     *
     * @param unit only data of this unit, or {@code null} for every unit (a period per unit)
     */
    public List<MetricStore.Point> periods(Metric metric, String unit, Instant start, Instant end, int period) {
        checkPeriod(period);
        if (!start.isBefore(end)) {
            throw CloudWatchErrors.invalid("The parameter StartTime must be less than the parameter EndTime.");
        }
        int resolution = period < Rollup.MINUTE ? Rollup.SECOND : Rollup.MINUTE;
        long first = Math.floorDiv(start.getEpochSecond(), resolution) * resolution;
        record Key(String unit, long start) {}
        Map<Key, Aggregate> periods = new LinkedHashMap<>();
        for (MetricStore.Point p : store.points(metric, unit, resolution, Instant.ofEpochSecond(first), end)) {
            long at = first + Math.floorDiv(p.start().getEpochSecond() - first, period) * period;
            periods.computeIfAbsent(new Key(p.unit(), at), k -> new Aggregate()).merge(p.values());
        }
        List<MetricStore.Point> out = new ArrayList<>(periods.size());
        periods.forEach((k, a) -> out.add(new MetricStore.Point(Instant.ofEpochSecond(k.start()), k.unit(), a)));
        out.sort((a, b) -> a.start().compareTo(b.start()));
        return out;
    }

    /**
     * How many periods [{@code start}, {@code end}) holds; throws InvalidParameterCombination past
     * {@link #MAX_DATAPOINTS}, as GetMetricStatistics does.
     */
    public static void checkDatapoints(Instant start, Instant end, int period) {
        checkPeriod(period);
        long requested = Math.ceilDiv(Duration.between(start, end).toSeconds(), period);
        if (requested > MAX_DATAPOINTS) {
            throw CloudWatchErrors.combination("You have requested up to " + requested
                    + " datapoints, which exceeds the limit of " + MAX_DATAPOINTS
                    + ". You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }
    }

    /** A period CloudWatch takes: 1, 5, 10, 30 or a multiple of 60 seconds. */
    public static void checkPeriod(int period) {
        if (period <= 0 || (period % 60 != 0 && period != 1 && period != 5 && period != 10 && period != 30)) {
            throw CloudWatchErrors.invalid(
                    "The parameter Period must be 1, 5, 10, 30, or a multiple of 60, not " + period + ".");
        }
    }

    /**
     * The metrics that had data in the last two weeks (or since {@code since}), in {@code namespace}
     * and named {@code name} where given, holding every dimension of {@code dimensions} (with its
     * value where the value is not {@code null}).
     */
    public List<Metric> list(String namespace, String name, Map<String, String> dimensions, Instant since) {
        Instant from = since != null ? since : clock.instant().minus(LISTED_FOR);
        List<Metric> out = new ArrayList<>();
        for (Metric m : store.metrics(namespace, name, from)) {
            boolean matches = dimensions.entrySet().stream()
                    .allMatch(d -> m.dimensions().containsKey(d.getKey())
                            && (d.getValue() == null
                                    || Objects.equals(m.dimensions().get(d.getKey()), d.getValue())));
            if (matches) {
                out.add(m);
            }
        }
        return out;
    }

    /** Drops the data past retention (3 hours of 1-second data, 15 days of 1-minute data). */
    public void expire(Instant now) {
        store.expire(now);
    }

    /** Now, by the node's clock. */
    public Instant now() {
        return clock.instant();
    }
}
