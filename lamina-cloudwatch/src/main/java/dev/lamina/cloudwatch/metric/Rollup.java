package dev.lamina.cloudwatch.metric;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Data as the store keeps it: one {@link Aggregate} per metric, unit, resolution and period. A datum
 * goes into its minute (resolution 60, the period starting at the minute) and, when it is of high
 * resolution, into its second (resolution 1) too. Pure: a batch of a thousand invocations of one
 * function in one second becomes one entry per metric and resolution.
 *
 * <p>Example: Duration 12 ms at 10:00:01.5 and 30 ms at 10:00:02.1, both high resolution, become
 * (60, 10:00:00) {count 2, sum 42}, (1, 10:00:01) {1, 12} and (1, 10:00:02) {1, 30}.
 */
public final class Rollup {
    /** The resolutions kept, in seconds. */
    public static final int SECOND = 1;

    public static final int MINUTE = 60;

    /** One period's aggregate. {@code period} is its start in epoch seconds, a multiple of {@code resolution}. */
    public record Entry(Metric metric, String unit, int resolution, long period, Aggregate values) {}

    private record Key(Metric metric, String unit, int resolution, long period) {}

    private Rollup() {}

    public static Collection<Entry> of(Collection<Datum> data) {
        Map<Key, Aggregate> out = new LinkedHashMap<>();
        for (Datum d : data) {
            long second = d.timestamp().getEpochSecond();
            add(out, new Key(d.metric(), d.unit(), MINUTE, Math.floorDiv(second, MINUTE) * MINUTE), d.values());
            if (d.highResolution()) {
                add(out, new Key(d.metric(), d.unit(), SECOND, second), d.values());
            }
        }
        return out.entrySet().stream()
                .map(e -> new Entry(
                        e.getKey().metric(),
                        e.getKey().unit(),
                        e.getKey().resolution(),
                        e.getKey().period(),
                        e.getValue()))
                .toList();
    }

    private static void add(Map<Key, Aggregate> out, Key key, Aggregate values) {
        out.computeIfAbsent(key, k -> new Aggregate()).merge(values);
    }
}
