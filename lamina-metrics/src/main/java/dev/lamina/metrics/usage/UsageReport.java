package dev.lamina.metrics.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A usage report: one line per function (or day) with its requests, GB-seconds and cost, a line for
 * the free tier when it applies, and a total; printed as a table or as CSV.
 *
 * <p>Cost of a line: requests × price per request + GB-s × its architecture's price + GB-s of {@code
 * /tmp} above 512 MB × that price. The free tier is a credit per calendar month over every function:
 * its requests at the request price, and its GB-seconds at x86_64's price while the month has x86_64
 * GB-seconds, then at arm64's (Lambda does not say in which order it applies them; the dearer first
 * is the one that never overstates a bill). Example: a month of 2 million requests and 500,000 x86
 * GB-s costs $0.40 + $8.33 = $8.73; the free tier takes $0.20 + $6.67 off, leaving $1.87.
 *
 * @param keyName what a line stands for: {@code Function} or {@code Day}
 * @param lines the lines, ordered by key
 * @param freeTierCredit what the free tier takes off (zero or negative), or 0 without it
 */
public record UsageReport(String keyName, List<Line> lines, double freeTierCredit) {

    /** One line: its requests, GB-seconds and cost before the free tier. */
    public record Line(String key, long requests, double gbSeconds, double cost) {}

    public UsageReport {
        lines = List.copyOf(lines);
    }

    /**
     * The report of {@code totals} at {@code prices}, with {@code freeTier} applied, or without it
     * when {@code null}.
     */
    public static UsageReport of(UsageQuery.By by, List<UsageTotal> totals, Prices prices, FreeTier freeTier) {
        Map<String, long[]> byKey = new TreeMap<>(); // requests, MB-ms
        Map<String, Double> costs = new TreeMap<>();
        Map<String, Month> months = new TreeMap<>();
        for (UsageTotal t : totals) {
            long[] sums = byKey.computeIfAbsent(t.key(), k -> new long[2]);
            sums[0] += t.requests();
            sums[1] += t.memoryMbMs();
            double cost = prices.requests(t.requests())
                    + Billing.gbSeconds(t.memoryMbMs()) * prices.perGbSecond(t.architecture())
                    + Billing.gbSeconds(t.extraEphemeralMbMs()) * prices.perEphemeralGbSecond();
            costs.merge(t.key(), cost, Double::sum);
            months.computeIfAbsent(t.month(), m -> new Month()).add(t);
        }
        List<Line> lines = new ArrayList<>();
        byKey.forEach((key, sums) -> lines.add(new Line(key, sums[0], Billing.gbSeconds(sums[1]), costs.get(key))));
        double credit = 0;
        if (freeTier != null) {
            for (Month month : months.values()) {
                credit -= month.credit(prices, freeTier);
            }
        }
        return new UsageReport(by == UsageQuery.By.DAY ? "Day" : "Function", lines, credit);
    }

    /** One calendar month's usage, for its free-tier credit. */
    private static final class Month {
        private long requests;
        private long x86MbMs;
        private long armMbMs;

        void add(UsageTotal t) {
            requests += t.requests();
            if ("arm64".equals(t.architecture())) {
                armMbMs += t.memoryMbMs();
            } else {
                x86MbMs += t.memoryMbMs();
            }
        }

        double credit(Prices prices, FreeTier free) {
            double freeX86 = Math.min(Billing.gbSeconds(x86MbMs), free.gbSeconds());
            double freeArm = Math.min(Billing.gbSeconds(armMbMs), free.gbSeconds() - freeX86);
            return prices.requests(Math.min(requests, free.requests()))
                    + freeX86 * prices.perGbSecondX86()
                    + freeArm * prices.perGbSecondArm();
        }
    }

    public long totalRequests() {
        return lines.stream().mapToLong(Line::requests).sum();
    }

    public double totalGbSeconds() {
        return lines.stream().mapToDouble(Line::gbSeconds).sum();
    }

    /**
     * What the report's usage costs, the free tier taken off; never below zero, which the credit's
     * sums, added in another order than the lines', could otherwise reach by a rounding error.
     */
    public double totalCost() {
        return Math.max(0, lines.stream().mapToDouble(Line::cost).sum() + freeTierCredit);
    }

    /** The report as CSV: a header, a row per line, the free tier's row when it applies, and the total. */
    public String csv() {
        StringBuilder out = new StringBuilder(keyName + ",Requests,GB-seconds,Cost (USD)\n");
        for (Line line : rows()) {
            out.append(csvField(line.key()))
                    .append(',')
                    .append(line.requests())
                    .append(',')
                    .append(decimal(line.gbSeconds()))
                    .append(',')
                    .append(decimal(line.cost()))
                    .append('\n');
        }
        return out.toString();
    }

    /** The report as a table with aligned columns, for a terminal. */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {keyName, "Requests", "GB-seconds", "Cost (USD)"});
        for (Line line : rows()) {
            cells.add(new String[] {
                line.key(), Long.toString(line.requests()), decimal(line.gbSeconds()), decimal(line.cost())
            });
        }
        int[] widths = new int[4];
        for (String[] row : cells) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : cells) {
            out.append(String.format(Locale.ROOT, "%-" + widths[0] + "s", row[0]));
            for (int i = 1; i < 4; i++) {
                out.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The lines, then the free tier's credit when there is one, then the total. */
    private List<Line> rows() {
        List<Line> rows = new ArrayList<>(lines);
        if (freeTierCredit != 0) {
            rows.add(new Line("(free tier)", 0, 0, freeTierCredit));
        }
        rows.add(new Line("TOTAL", totalRequests(), totalGbSeconds(), totalCost()));
        return rows;
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** A field as RFC 4180 writes it: quoted when it holds a comma, quote or line break. */
    private static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
