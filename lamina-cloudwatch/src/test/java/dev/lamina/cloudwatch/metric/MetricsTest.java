package dev.lamina.cloudwatch.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.cloudwatch.store.SqliteMetricStore;
import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(t0);
    private final Metric hits = Metric.of("App", "Hits", Map.of("Page", "home"));
    private Database db;
    private Metrics metrics;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("lamina.db"));
        metrics = new Metrics(new SqliteMetricStore(db), now::get);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private Datum datum(Metric m, Instant at, double value, boolean high) {
        return new Datum(m, "Count", at, Aggregate.of(value), high);
    }

    @Test
    void periodsAddUpWhateverTheBatchesAndResolutionFollowsThePeriod() {
        metrics.put(List.of(datum(hits, t0.plusMillis(1500), 2, true), datum(hits, t0.plusSeconds(2), 3, true)));
        metrics.put(List.of(datum(hits, t0.plusSeconds(2), 5, true), datum(hits, t0.plusSeconds(70), 1, true)));

        List<MetricStore.Point> minutes = metrics.periods(hits, null, t0, t0.plusSeconds(120), 60);
        assertEquals(2, minutes.size());
        assertEquals(t0, minutes.get(0).start());
        assertEquals(3, minutes.get(0).values().count());
        assertEquals(10, minutes.get(0).values().sum());
        assertEquals(1, minutes.get(1).values().sum());

        List<MetricStore.Point> seconds = metrics.periods(hits, null, t0, t0.plusSeconds(10), 1);
        assertEquals(
                List.of(t0.plusSeconds(1), t0.plusSeconds(2)),
                seconds.stream().map(MetricStore.Point::start).toList());
        assertEquals(8, seconds.get(1).values().sum());
        assertEquals(5, seconds.get(1).values().max());

        List<MetricStore.Point> fives = metrics.periods(hits, null, t0, t0.plusSeconds(10), 5);
        assertEquals(1, fives.size());
        assertEquals(10, fives.get(0).values().sum());

        assertEquals(
                11,
                metrics.periods(hits, "Count", t0, t0.plusSeconds(3600), 3600)
                        .get(0)
                        .values()
                        .sum());
        assertEquals(List.of(), metrics.periods(hits, "Seconds", t0, t0.plusSeconds(3600), 3600));
        assertEquals(List.of(), metrics.periods(Metric.of("App", "Hits", Map.of()), null, t0, t0.plusSeconds(60), 60));
    }

    @Test
    void standardResolutionDataIsKeptByTheMinuteOnly() {
        metrics.put(List.of(datum(hits, t0.plusSeconds(3), 4, false)));
        assertEquals(List.of(), metrics.periods(hits, null, t0, t0.plusSeconds(60), 1));
        assertEquals(
                4,
                metrics.periods(hits, null, t0, t0.plusSeconds(60), 60)
                        .get(0)
                        .values()
                        .sum());
    }

    @Test
    void secondsAreKeptThreeHoursAndMinutesFifteenDays() {
        metrics.put(List.of(datum(hits, t0, 1, true)));
        metrics.expire(t0.plus(Duration.ofHours(3)));
        assertEquals(1, metrics.periods(hits, null, t0, t0.plusSeconds(1), 1).size());
        metrics.expire(t0.plus(Duration.ofHours(3)).plusSeconds(1));
        assertEquals(List.of(), metrics.periods(hits, null, t0, t0.plusSeconds(1), 1));
        assertEquals(1, metrics.periods(hits, null, t0, t0.plusSeconds(60), 60).size());
        metrics.expire(t0.plus(Duration.ofDays(15)).plusSeconds(1));
        assertEquals(List.of(), metrics.periods(hits, null, t0, t0.plusSeconds(60), 60));
    }

    @Test
    void listingFiltersByNamespaceNameAndDimensionsAndForgetsAfterTwoWeeks() {
        Metric other = Metric.of("App", "Hits", Map.of("Page", "about", "Region", "eu"));
        Metric latency = Metric.of("Other", "Latency", Map.of());
        metrics.put(List.of(datum(hits, t0, 1, false), datum(other, t0, 1, false), datum(latency, t0, 1, false)));

        assertEquals(List.of(other, hits), metrics.list("App", null, Map.of(), null));
        assertEquals(List.of(other), metrics.list(null, "Hits", Map.of("Region", "eu"), null));
        java.util.Map<String, String> anyPage = new java.util.HashMap<>();
        anyPage.put("Page", null);
        assertEquals(List.of(other, hits), metrics.list(null, null, anyPage, null));
        assertEquals(List.of(hits), metrics.list(null, null, Map.of("Page", "home"), null));
        assertEquals(3, metrics.list(null, null, Map.of(), null).size());

        now.set(t0.plus(Duration.ofDays(15)));
        assertEquals(List.of(), metrics.list(null, null, Map.of(), null));
    }

    @Test
    void periodsAndRangesAreCheckedAsAwsChecksThem() {
        AwsException period =
                assertThrows(AwsException.class, () -> metrics.periods(hits, null, t0, t0.plusSeconds(60), 7));
        assertEquals("InvalidParameterValueException", period.code());
        AwsException range = assertThrows(AwsException.class, () -> metrics.periods(hits, null, t0, t0, 60));
        assertEquals("InvalidParameterValueException", range.code());
        AwsException many =
                assertThrows(AwsException.class, () -> Metrics.checkDatapoints(t0, t0.plus(Duration.ofDays(2)), 60));
        assertEquals("InvalidParameterCombinationException", many.code());
        Metrics.checkDatapoints(t0, t0.plus(Duration.ofDays(1)), 60);
    }
}
