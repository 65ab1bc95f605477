package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The figures of one benchmark run: each metric of each (scenario, function) measured once per run,
 * summarised by the median across runs. Printed as tables and written as CSV.
 */
final class Results {
    /**
     * One metric's values, one per run (or per cold start).
     *
     * @param scenario {@code warm-c1}, {@code throughput}, {@code cold}
     * @param function the function's label (runtime, and flavour for provided)
     */
    record Metric(
            String scenario,
            String function,
            int concurrency,
            String name,
            String unit,
            List<Double> values,
            List<String> failures) {
        /** The median of the runs, or NaN when any run failed: a failed run is never reported as a figure. */
        double median() {
            return failures.isEmpty() ? Results.median(values) : Double.NaN;
        }

        boolean failed() {
            return !failures.isEmpty();
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    /** Adds one run's value of a metric. */
    void add(String scenario, String function, int concurrency, String name, String unit, double value) {
        metric(scenario, function, concurrency, name, unit).values().add(value);
    }

    /** Records a run of a metric that failed (wrong answers): the metric then has no median. */
    void fail(String scenario, String function, int concurrency, String name, String unit, String why) {
        metric(scenario, function, concurrency, name, unit).failures().add(why);
    }

    private Metric metric(String scenario, String function, int concurrency, String name, String unit) {
        return metrics.computeIfAbsent(
                scenario + "|" + function + "|" + name,
                k -> new Metric(scenario, function, concurrency, name, unit, new ArrayList<>(), new ArrayList<>()));
    }

    boolean failed(String scenario, String function, String name) {
        return get(scenario, function, name).map(Metric::failed).orElse(false);
    }

    Optional<Metric> get(String scenario, String function, String name) {
        return Optional.ofNullable(metrics.get(scenario + "|" + function + "|" + name));
    }

    double median(String scenario, String function, String name) {
        return get(scenario, function, name).map(Metric::median).orElse(Double.NaN);
    }

    List<String> functions(String scenario) {
        return metrics.values().stream()
                .filter(m -> m.scenario().equals(scenario))
                .map(Metric::function)
                .distinct()
                .toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Writes every metric: its median, min and max, and each run's value (semicolon-separated). */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("scenario,function,concurrency,metric,unit,median,min,max,runs,values,failed_runs");
        for (Metric m : metrics.values()) {
            lines.add(String.join(
                    ",",
                    m.scenario(),
                    csv(m.function()),
                    Integer.toString(m.concurrency()),
                    m.name(),
                    m.unit(),
                    num(m.median()),
                    num(m.min()),
                    num(m.max()),
                    Integer.toString(m.values().size()),
                    m.values().stream().map(Results::num).collect(Collectors.joining(";")),
                    Integer.toString(m.failures().size())));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    /** A fixed-width table: one row per function of {@code scenario}, one column per metric (medians). */
    String table(String scenario, List<String[]> columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-26s", "function"));
        for (String[] c : columns) {
            sb.append(String.format(Locale.ROOT, "%14s", c[1]));
        }
        sb.append('\n');
        for (String function : functions(scenario)) {
            sb.append(String.format(Locale.ROOT, "  %-26s", function));
            for (String[] c : columns) {
                double v = median(scenario, function, c[0]);
                sb.append(String.format(Locale.ROOT, "%14s", Double.isNaN(v) ? "-" : fmt(v)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A CSV field: quoted when it holds a comma or a quote (labels such as "Lamina nodejs20.x, Invoke API"). */
    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
