package dev.lamina.metrics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteUsageStoreTest {
    @TempDir
    Path dir;

    private final Instant day1 = Instant.parse("2026-11-30T23:59:00Z");
    private final Instant day2 = Instant.parse("2026-12-01T00:01:00Z");

    @Test
    void sumsByFunctionOrDayMonthAndArchitectureAndAReaderSeesWhatTheNodeWrote() throws Exception {
        Path file = dir.resolve("lamina.db");
        try (Database db = new Database(file)) {
            SqliteUsageStore store = SqliteUsageStore.in(db);
            Clock one = Clock.fixed(day1, ZoneOffset.UTC);
            Clock two = Clock.fixed(day2, ZoneOffset.UTC);
            store.append(List.of(
                    UsageRecord.of(Reports.report(one, "a", "x86_64", 128, 201)),
                    UsageRecord.of(Reports.report(two, "a", "x86_64", 128, 201)),
                    UsageRecord.of(Reports.report(two, "a", "arm64", 256, 10)),
                    UsageRecord.of(Reports.report(two, "b", "x86_64", 1024, 1))));
            try (SqliteUsageStore reader = SqliteUsageStore.readOnly(file)) {
                assertEquals(
                        List.of(
                                new UsageTotal("a", "2026-11", "x86_64", 1, 128 * 201, 0),
                                new UsageTotal("a", "2026-12", "arm64", 1, 2560, 0),
                                new UsageTotal("a", "2026-12", "x86_64", 1, 128 * 201, 0),
                                new UsageTotal("b", "2026-12", "x86_64", 1, 1024, 0)),
                        reader.totals(new UsageQuery(Instant.EPOCH, null, UsageQuery.By.FUNCTION)));
                assertEquals(
                        List.of(
                                new UsageTotal("2026-12-01", "2026-12", "arm64", 1, 2560, 0),
                                new UsageTotal("2026-12-01", "2026-12", "x86_64", 1, 128 * 201, 0)),
                        reader.totals(new UsageQuery(day2.minus(Duration.ofMinutes(1)), "a", UsageQuery.By.DAY)));
                assertThrows(IllegalStateException.class, () -> reader.append(List.of()));
            }
        }
    }

    @Test
    void aNodeThatMeteredNothingHasNoUsage() throws Exception {
        Path file = dir.resolve("lamina.db");
        new Database(file).close(); // a node from before metering: no usage table
        try (SqliteUsageStore reader = SqliteUsageStore.readOnly(file)) {
            assertEquals(List.of(), reader.totals(new UsageQuery(Instant.EPOCH, null, UsageQuery.By.FUNCTION)));
        }
        assertThrows(IllegalArgumentException.class, () -> SqliteUsageStore.readOnly(dir.resolve("nothing.db")));
    }
}
