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
            new Column("cold", "cold ms", false),
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

    /** Records a note on a row (e.g. why it has no figures). */
    void note(String label, String note) {
        Row r = rows.get(label);
        if (r != null) {
            rows.put(label, new Row(label, r.comparedWith(), r.fallback(), note));
        }
    }

    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    double value(String label, String metric) {
        return results.median(SCENARIO, label, metric);
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
            COLUMNS.forEach(c -> sb.append(String.format(Locale.ROOT, "%11s", fmt(value(row.label(), c.metric())))));
            RATIOS.forEach(m -> sb.append(String.format(Locale.ROOT, "%9s", ratioText(ratio(row, m)))));
            String lamina = laminaRow(row);
            sb.append("  ")
                    .append(lamina == null ? "" : "vs " + lamina)
                    .append(row.note().isEmpty() ? "" : (lamina == null ? "" : "; ") + row.note())
                    .append('\n');
        }
        sb.append("x = Lamina / peer (throughput: above 1 is Lamina faster; p50, cold, memory: below 1 is Lamina"
                + " better); '-' = not measured\n");
        return sb.toString();
    }

    /** The table as CSV: the medians, the ratios and the notes, one row per table row. */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder("system_way");
        COLUMNS.forEach(c -> head.append(',').append(c.metric()));
        RATIOS.forEach(m -> head.append(",lamina_over_peer_").append(m));
        head.append(",compared_with,note");
        lines.add(head.toString());
        for (Row row : rows.values()) {
            StringBuilder line = new StringBuilder(csv(row.label()));
            COLUMNS.forEach(c -> line.append(',').append(num(value(row.label(), c.metric()))));
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
