package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of the peer comparison and how each is compared: every peer row names the Lamina row that
 * does the same work (the same handler through the same kind of door), and shows Lamina's figure
 * divided by the peer's. Figures are medians over runs ({@link Results}, scenario {@link #SCENARIO}).
 */
final class Comparison {
    static final String SCENARIO = "peers";

    /**
     * One row of the table.
     *
     * @param label the target's label (system, way)
     * @param comparedWith the Lamina row it is compared with, or {@code null} for Lamina's own rows
     * @param fallback the Lamina row to compare with when {@code comparedWith} has no figures
     * @param note what the row includes or lacks
     */
    record Row(String label, String comparedWith, String fallback, String note) {}

    /** A column: its metric in {@link Results}, its heading, and whether more is better. */
    record Column(String metric, String heading, boolean higherIsBetter) {}

    static final List<Column> COLUMNS = List.of(
            new Column("p50", "p50 ms", false),
            new Column("p99", "p99 ms", false),
            new Column("p999", "p99.9 ms", false),
            new Column("rps_1", "req/s c1", true),
            new Column("rps_16", "req/s c16", true),
            new Column("rps_64", "req/s c64", true),
            new Column("step_5s", "step 5s", true),
            new Column("cold", "cold ms", false),
            new Column("cold_first", "1st cold", false),
            new Column("cold_burst", "burst cold", false),
            new Column("memory", "memory MB", false));

    /** The columns whose Lamina/peer ratio each row shows. */
    static final List<String> RATIOS = List.of("rps_64", "p50", "cold", "memory");

    private final Results results;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    Comparison(Results results) {
        this.results = results;
    }

    void add(Row row) {
        rows.putIfAbsent(row.label(), row);
    }

    /** Adds a note to a row (e.g. why it has no figures). */
    void note(String label, String note) {
        Row r = rows.get(label);
        if (r != null) {
            String notes = r.note().isEmpty() ? note : r.note() + "; " + note;
            rows.put(label, new Row(label, r.comparedWith(), r.fallback(), notes));
        }
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    double value(String label, String metric) {
        return results.median(SCENARIO, label, metric);
    }

    /**
     * The step's first 5 s over the row's own steady rate at 64 connections: how much of its steady
     * throughput a system gives while it starts up for a just-created function.
     */
    double stepRatio(String label) {
        return value(label, "step_5s") / value(label, "rps_64");
    }

    boolean failed(String label, String metric) {
        return results.failed(SCENARIO, label, metric);
    }

    /** A cell: the median, "failed" when a run of it had wrong answers, "-" when not measured. */
    private String cell(String label, String metric) {
        return results.failed(SCENARIO, label, metric) ? "failed" : fmt(value(label, metric));
    }

    /**
     * Every cell's spread: min-max over its runs and how many runs, so that a reader sees how far one
     * run's figure can be trusted (the table above gives the medians).
     */
    String spreadTable() {
        StringBuilder sb = new StringBuilder("\nSpread of each figure, min-max over its runs (n):\n");
        for (Row row : rows.values()) {
            StringBuilder line = new StringBuilder();
            for (Column c : COLUMNS) {
                results.get(SCENARIO, row.label(), c.metric())
                        .ifPresent(m -> line.append(String.format(
                                Locale.ROOT,
                                "  %s %s-%s (%d%s)",
                                c.heading(),
                                Results.fmt(m.min()),
                                Results.fmt(m.max()),
                                m.values().size(),
                                m.failed() ? ", " + m.failures().size() + " failed" : "")));
            }
            if (!line.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%-44s", row.label()))
                        .append(line)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** The Lamina row a peer row is compared with: its first choice if measured, else the fallback. */
    String laminaRow(Row row) {
        if (row.comparedWith() == null) {
            return null;
        }
        if (!Double.isNaN(value(row.comparedWith(), "rps_1")) || row.fallback() == null) {
            return row.comparedWith();
        }
        return row.fallback();
    }

    /** Lamina's figure over the peer's, or NaN. */
    double ratio(Row row, String metric) {
        String lamina = laminaRow(row);
        return lamina == null ? Double.NaN : value(lamina, metric) / value(row.label(), metric);
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-44s", "system, way"));
        COLUMNS.forEach(c -> sb.append(String.format(Locale.ROOT, "%11s", c.heading())));
        RATIOS.forEach(m -> sb.append(String.format(Locale.ROOT, "%9s", "x" + heading(m))));
        sb.append("  compared with / note\n");
        for (Row row : rows.values()) {
            sb.append(String.format(Locale.ROOT, "%-44s", row.label()));
            COLUMNS.forEach(c -> sb.append(String.format(Locale.ROOT, "%11s", cell(row.label(), c.metric()))));
            RATIOS.forEach(m -> sb.append(String.format(Locale.ROOT, "%9s", ratioText(ratio(row, m)))));
            String lamina = laminaRow(row);
            sb.append("  ")
                    .append(lamina == null ? "" : "vs " + lamina)
                    .append(row.note().isEmpty() ? "" : (lamina == null ? "" : "; ") + row.note())
                    .append('\n');
        }
        sb.append("x = Lamina / peer (throughput: above 1 is Lamina faster; p50, cold, memory: below 1 is Lamina"
                + " better); '-' = not measured; 'failed' = a run had wrong answers (never shown as a figure);\n"
                + "step 5s = req/s in the first 5 s of 64 connections on a just-created function (or process);"
                + " cold = from a waiting spare (Lamina), 1st cold = a runtime's first start on a fresh node,"
                + " burst cold = the last of " + LaminaRows.BURST + " first invokes at once\n");
        return sb.toString();
    }

    /** The table as CSV: the medians, the ratios and the notes, one row per table row. */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("system_way");
        COLUMNS.forEach(c -> head.append(',')
                .append(c.metric())
                .append(',')
                .append(c.metric())
                .append("_min,")
                .append(c.metric())
                .append("_max,")
                .append(c.metric())
                .append("_n"));
        RATIOS.forEach(m -> head.append(",lamina_over_peer_").append(m));
        head.append(",compared_with,note");
        lines.add(head.toString());
        for (Row row : rows.values()) {
            StringBuilder line = new StringBuilder(csv(row.label()));
            COLUMNS.forEach(c -> {
                var m = results.get(SCENARIO, row.label(), c.metric());
                line.append(',')
                        .append(num(value(row.label(), c.metric())))
                        .append(',')
                        .append(num(m.map(Results.Metric::min).orElse(Double.NaN)))
                        .append(',')
                        .append(num(m.map(Results.Metric::max).orElse(Double.NaN)))
                        .append(',')
                        .append(m.map(x -> x.failed()
                                        ? "failed"
                                        : Integer.toString(x.values().size()))
                                .orElse(""));
            });
            RATIOS.forEach(m -> line.append(',').append(num(ratio(row, m))));
            String lamina = laminaRow(row);
            line.append(',')
                    .append(csv(lamina == null ? "" : lamina))
                    .append(',')
                    .append(csv(row.note()));
            lines.add(line.toString());
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private static String heading(String metric) {
        return COLUMNS.stream()
                .filter(c -> c.metric().equals(metric))
                .findFirst()
                .map(c -> c.heading().replace(" ms", "").replace(" MB", "").replace("req/s ", ""))
                .orElse(metric);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : Results.fmt(v);
    }

    static String ratioText(double r) {
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            return "-";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
