package dev.lamina.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The end of a benchmark run: medians as tables, the targets, the CSV. */
final class Summary {
    private Summary() {}

    /** Prints the tables and the targets, and writes the CSV and the summary under lamina-bench/target. */
    static void print(Results results, BenchOptions options, List<String> notes, double elapsedSeconds)
            throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n=== Lamina invoke benchmark: medians across runs ===\n");
        if (!results.functions(InvokeBenchmark.WARM).isEmpty()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nWarm Invoke, concurrency 1 (%d runs x %.0f s), ms:%n",
                    options.runs(),
                    options.seconds()));
            out.append(results.table(InvokeBenchmark.WARM, List.of(new String[][] {
                {"p50", "p50"},
                {"p99", "p99"},
                {"p99.9", "p99.9"},
                {"runtime_p50", "runtime p50"},
                {"overhead_p50", "overhead p50"},
                {"duration_p50", "Duration p50"},
                {"throughput", "req/s"},
                {"node_cpu", "node CPU µs"},
                {"node_context_switches", "node ctx sw"}
            })));
        }
        if (!results.functions(InvokeBenchmark.PACED).isEmpty()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nWarm Invoke, concurrency 1, %.0f ms pause after each response (%d runs x %.1f s), ms:%n",
                    InvokeBenchmark.PACE_NANOS / 1e6,
                    options.runs(),
                    options.pacedSeconds()));
            out.append(results.table(InvokeBenchmark.PACED, List.of(new String[][] {
                {"p50", "p50"},
                {"p99", "p99"},
                {"p99.9", "p99.9"},
                {"runtime_p50", "runtime p50"},
                {"overhead_p50", "overhead p50"},
                {"duration_p50", "Duration p50"},
                {"node_cpu", "node CPU µs"},
                {"node_context_switches", "node ctx sw"}
            })));
        }
        if (!results.functions(InvokeBenchmark.THROUGHPUT).isEmpty()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%nThroughput, concurrency %d (%d runs x %.0f s, closed loop):%n",
                    options.concurrency(),
                    options.runs(),
                    options.seconds()));
            out.append(results.table(InvokeBenchmark.THROUGHPUT, List.of(new String[][] {
                {"throughput", "req/s"},
                {"p50", "p50 ms"},
                {"p99", "p99 ms"},
                {"p99.9", "p99.9 ms"},
                {"environments", "envs started"},
                {"node_cpu", "node CPU µs"},
                {"node_kernel_share", "kernel %"},
                {"node_context_switches", "node ctx sw"}
            })));
        }
        if (!results.functions(InvokeBenchmark.COLD).isEmpty()) {
            out.append(String.format(
                    Locale.ROOT, "%nCold start, first Invoke of a new function (median of %d), ms:%n", options.cold()));
            out.append(results.table(InvokeBenchmark.COLD, List.of(new String[][] {
                {"total", "total"},
                {"init_duration", "Init Duration"},
                {"after_init", "total - Init"},
                {"duration", "Duration"}
            })));
        }
        boolean warmRan = !results.functions(InvokeBenchmark.WARM).isEmpty()
                || !results.functions(InvokeBenchmark.PACED).isEmpty();
        if (warmRan) {
            out.append("\nruntime p50: the same runtime alone against a minimal Runtime API;"
                    + " overhead p50 = p50 - runtime p50.\nDuration p50: from the REPORT lines"
                    + " (ends at the runtime's next /next, after the response).\n");
        }
        if (warmRan || !results.functions(InvokeBenchmark.THROUGHPUT).isEmpty()) {
            out.append("node CPU µs: the node JVM's CPU time (user + kernel) per invocation; node ctx sw: context"
                    + " switches of its threads per invocation. Function processes are not included.\n");
        }
        if (!results.functions(InvokeBenchmark.COLD).isEmpty()) {
            out.append("Cold start: total as the client saw it; Init Duration and Duration from the REPORT line.\n");
        }
        out.append("\nTargets:\n");
        for (String f : results.functions(InvokeBenchmark.WARM)) {
            if (f.startsWith("provided")) {
                continue;
            }
            double overhead = results.median(InvokeBenchmark.WARM, f, "overhead_p50");
            double paced = results.median(InvokeBenchmark.PACED, f, "overhead_p50");
            out.append(String.format(
                    Locale.ROOT,
                    "  warm Invoke overhead p50 < 1 ms, %-18s %.3f ms  %s%s%n",
                    f + ":",
                    overhead,
                    overhead < 1.0 ? "met" : "MISSED",
                    Double.isNaN(paced)
                            ? ""
                            : String.format(Locale.ROOT, "   (with pauses between requests: %.3f ms)", paced)));
        }
        results.functions(InvokeBenchmark.COLD).stream()
                .filter(f -> f.startsWith("python"))
                .forEach(f -> {
                    double total = results.median(InvokeBenchmark.COLD, f, "total");
                    out.append(String.format(
                            Locale.ROOT,
                            "  Python cold start < 100 ms, %-18s %.1f ms  %s%n",
                            f + ":",
                            total,
                            total < 100 ? "met" : "MISSED"));
                });
        notes.forEach(n -> out.append("Note: ").append(n).append('\n'));
        Path csv = options.root()
                .resolve("lamina-bench/target/invoke-benchmark-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv");
        results.writeCsv(csv);
        Files.copy(csv, csv.resolveSibling("invoke-benchmark.csv"), StandardCopyOption.REPLACE_EXISTING);
        out.append(String.format(Locale.ROOT, "%nCSV: %s (also invoke-benchmark.csv)%n", csv));
        out.append(String.format(Locale.ROOT, "Total time: %.0f s%n", elapsedSeconds));
        System.out.print(out);
        Files.writeString(csv.resolveSibling("invoke-benchmark.txt"), out.toString(), StandardCharsets.UTF_8);
    }
}
