package dev.lamina.metrics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UsageReportTest {
    private static final Prices LIST = Prices.LAMBDA_US_EAST_1;
    /** 1 GB-s in MB-ms. */
    private static final long GB_S = 1024L * 1000;

    @Test
    void costIsRequestsPlusGbSecondsAtTheArchitecturesPrice() {
        UsageReport report = UsageReport.of(
                UsageQuery.By.FUNCTION,
                List.of(
                        new UsageTotal("a", "2026-12", "x86_64", 1_000_000, 1000 * GB_S, 0),
                        new UsageTotal("a", "2026-12", "arm64", 0, 1000 * GB_S, 0),
                        new UsageTotal("b", "2026-12", "x86_64", 10, 0, 0)),
                LIST,
                null);
        assertEquals(2, report.lines().size());
        UsageReport.Line a = report.lines().getFirst();
        assertEquals("a", a.key());
        assertEquals(1_000_000, a.requests());
        assertEquals(2000, a.gbSeconds(), 1e-9);
        assertEquals(0.20 + 1000 * 0.0000166667 + 1000 * 0.0000133334, a.cost(), 1e-9);
        assertEquals(10 * 0.20 / 1_000_000, report.lines().get(1).cost(), 1e-12);
        assertEquals(0, report.freeTierCredit());
    }

    @Test
    void ephemeralStorageAboveTheIncludedIsPricedOnItsOwn() {
        UsageReport report = UsageReport.of(
                UsageQuery.By.FUNCTION,
                List.of(new UsageTotal("a", "2026-12", "x86_64", 0, 0, 1000 * GB_S)),
                LIST,
                null);
        assertEquals(1000 * 0.0000000309, report.totalCost(), 1e-12);
    }

    @Test
    void theFreeTierIsTakenOffEachMonthOnce() {
        // the class comment's example: 2 M requests and 500,000 x86 GB-s in one month
        List<UsageTotal> month = List.of(
                new UsageTotal("a", "2026-11", "x86_64", 1_500_000, 300_000 * GB_S, 0),
                new UsageTotal("b", "2026-11", "x86_64", 500_000, 200_000 * GB_S, 0));
        UsageReport report = UsageReport.of(UsageQuery.By.FUNCTION, month, LIST, FreeTier.LAMBDA);
        assertEquals(-(0.20 + 400_000 * 0.0000166667), report.freeTierCredit(), 1e-9);
        assertEquals(0.40 + 500_000 * 0.0000166667 - 0.20 - 400_000 * 0.0000166667, report.totalCost(), 1e-9);
        // a second month has a free tier of its own
        List<UsageTotal> two = new java.util.ArrayList<>(month);
        two.add(new UsageTotal("a", "2026-12", "arm64", 10, 10 * GB_S, 0));
        UsageReport both = UsageReport.of(UsageQuery.By.FUNCTION, two, LIST, FreeTier.LAMBDA);
        assertEquals(0.40 + 500_000 * 0.0000166667 - 0.20 - 400_000 * 0.0000166667, both.totalCost(), 1e-9);
    }

    @Test
    void theFreeTierNeverMakesACostNegative() {
        UsageReport report = UsageReport.of(
                UsageQuery.By.DAY,
                List.of(new UsageTotal("2026-12-07", "2026-12", "arm64", 5, 3 * GB_S, 0)),
                LIST,
                FreeTier.LAMBDA);
        assertEquals(0, report.totalCost(), 1e-12);
        assertEquals("Day", report.keyName());
    }

    @Test
    void csvHasAHeaderALineAndATotal() {
        UsageReport report = UsageReport.of(
                UsageQuery.By.FUNCTION,
                List.of(new UsageTotal("my,fn", "2026-12", "x86_64", 3, 3 * 128 * 201, 0)),
                new Prices(0.20, 0.0000166667, 0.0000133334, 0),
                null);
        assertEquals(
                "Function,Requests,GB-seconds,Cost (USD)\n"
                        + "\"my,fn\",3,0.075375,0.000002\n"
                        + "TOTAL,3,0.075375,0.000002\n",
                report.csv());
    }

    @Test
    void theTableNamesItsColumnsAndAlignsThem() {
        UsageReport report = UsageReport.of(
                UsageQuery.By.FUNCTION,
                List.of(new UsageTotal("hello", "2026-12", "x86_64", 12, 12 * 128 * 201, 0)),
                LIST,
                FreeTier.LAMBDA);
        String[] rows = report.table().split("\n");
        assertEquals(4, rows.length); // header, hello, free tier, total
        assertTrue(rows[0].matches("Function\\s+Requests\\s+GB-seconds\\s+Cost \\(USD\\)"), rows[0]);
        assertTrue(rows[1].startsWith("hello "), rows[1]);
        assertTrue(rows[2].startsWith("(free tier)"), rows[2]);
        assertTrue(rows[3].matches("TOTAL\\s+12\\s+0\\.301500\\s+0\\.000000"), rows[3]);
    }
}
