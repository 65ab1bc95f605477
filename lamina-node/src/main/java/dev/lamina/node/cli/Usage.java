package dev.lamina.node.cli;

import dev.lamina.metrics.usage.FreeTier;
import dev.lamina.metrics.usage.Prices;
import dev.lamina.metrics.usage.SqliteUsageStore;
import dev.lamina.metrics.usage.UsageQuery;
import dev.lamina.metrics.usage.UsageReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lamina usage}: what the node's functions used and what it would cost on Lambda, read from
 * the node's data directory without writing to it, while the node runs or not (decision 47).
 */
@Command(
        name = "usage",
        mixinStandardHelpOptions = true,
        description = "Print what the node's functions used (requests, GB-seconds) and what it costs at Lambda's"
                + " prices, from the node's data directory.")
final class Usage implements Callable<Integer> {
    private static final Prices LIST = Prices.LAMBDA_US_EAST_1;

    @Option(
            names = "--since",
            description = "From when: a duration back (90m, 2h, 7d), an ISO date (2026-12-01) or instant"
                    + " (2026-12-01T08:00:00Z). Default: the start of this month (UTC).")
    String since;

    @Option(names = "--function", description = "Only this function.")
    String function;

    @Option(
            names = "--by",
            description = "One line per function (default) or per day (UTC): ${COMPLETION-CANDIDATES}.",
            converter = ByConverter.class)
    UsageQuery.By by = UsageQuery.By.FUNCTION;

    @Option(names = "--csv", description = "Print CSV instead of a table.")
    boolean csv;

    @Option(names = "--free-tier", description = "Take Lambda's monthly free tier off (1M requests, 400,000 GB-s).")
    boolean freeTier;

    @Option(
            names = "--price-per-million-requests",
            description = "USD per million requests (default ${DEFAULT-VALUE}).")
    double perMillionRequests = LIST.perMillionRequests();

    @Option(names = "--price-per-gb-second", description = "USD per GB-second on x86_64 (default ${DEFAULT-VALUE}).")
    double perGbSecondX86 = LIST.perGbSecondX86();

    @Option(names = "--price-per-gb-second-arm", description = "USD per GB-second on arm64 (default ${DEFAULT-VALUE}).")
    double perGbSecondArm = LIST.perGbSecondArm();

    @Option(
            names = "--price-per-ephemeral-gb-second",
            description = "USD per GB-second of /tmp above 512 MB (default ${DEFAULT-VALUE}).")
    double perEphemeralGbSecond = LIST.perEphemeralGbSecond();

    @Option(names = "--data-dir", description = "The node's data directory (default ~/.lamina).")
    Path dataDir = Lamina.DEFAULT_DATA_DIR;

    @Override
    public Integer call() throws Exception {
        Clock clock = Clock.systemUTC();
        Instant from = since == null
                ? LocalDate.now(clock)
                        .withDayOfMonth(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                : Since.parse(since, clock);
        Prices prices = new Prices(perMillionRequests, perGbSecondX86, perGbSecondArm, perEphemeralGbSecond);
        try (SqliteUsageStore store = SqliteUsageStore.readOnly(dataDir.resolve("lamina.db"))) {
            UsageReport report = UsageReport.of(
                    by, store.totals(new UsageQuery(from, function, by)), prices, freeTier ? FreeTier.LAMBDA : null);
            System.out.print(csv ? report.csv() : report.table());
        }
        return 0;
    }

    /** {@code function} or {@code day}, in any case. */
    static final class ByConverter implements picocli.CommandLine.ITypeConverter<UsageQuery.By> {
        @Override
        public UsageQuery.By convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "function" -> UsageQuery.By.FUNCTION;
                case "day" -> UsageQuery.By.DAY;
                default ->
                    throw new picocli.CommandLine.TypeConversionException("--by takes function or day, not " + value);
            };
        }
    }
}
