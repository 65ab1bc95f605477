package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The end of a services benchmark run: each figure's median, min–max and runs, beside its target. */
final class ServicesSummary {
    /** A figure and the target issue 14 (S3, SQS, latency) or issue 15 (DynamoDB, Kinesis) sets for the node's. */
    private record Row(String scenario, String title, String metric, String unit, double target, boolean atLeast) {}

    private static final List<Row> ROWS = List.of(
            new Row(ServicesBenchmark.S3_PUT, "S3 PutObject 4 KiB", "rate", "ops/s", 3000, true),
            new Row(ServicesBenchmark.S3_GET, "S3 GetObject 4 KiB", "rate", "ops/s", 5000, true),
            new Row(ServicesBenchmark.SQS_SEND, "SQS SendMessage", "rate", "msg/s", 10_000, true),
            new Row(ServicesBenchmark.DYNAMODB_PUT, "DynamoDB PutItem 1 KB", "rate", "ops/s", 5000, true),
            new Row(ServicesBenchmark.DYNAMODB_GET, "DynamoDB GetItem 1 KB", "rate", "ops/s", 10_000, true),
            new Row(ServicesBenchmark.DYNAMODB_QUERY, "DynamoDB Query 100 p50, 1 conn", "p50", "ms", 2, false),
            new Row(ServicesBenchmark.KINESIS_PUT, "Kinesis PutRecords 500x100 B", "rate", "records/s", 20_000, true),
            new Row(ServicesBenchmark.S3_EVENT, "PutObject -> handler p50", "p50", "ms", 10, false),
            new Row(ServicesBenchmark.S3_EVENT, "PutObject -> handler p99", "p99", "ms", Double.NaN, false),
            new Row(ServicesBenchmark.SQS_EVENT, "SendMessage -> handler p50", "p50", "ms", 5, false),
            new Row(ServicesBenchmark.SQS_EVENT, "SendMessage -> handler p99", "p99", "ms", 20, false),
            new Row(ServicesBenchmark.SCHEDULE_EVENT, "schedule time -> handler p50", "p50", "ms", Double.NaN, false),
            new Row(ServicesBenchmark.SCHEDULE_EVENT, "schedule time -> handler max", "max", "ms", 1000, false));

    private ServicesSummary() {}

    static void print(Results results, ServicesOptions options, String commit, List<String> notes, double elapsed)
            throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%n=== Lamina's services and their peers, %s, node at commit %s: medians of %d runs x %.0f s at %d"
                        + " connections (latency: %d runs x %d events) ===%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                commit,
                options.runs(),
                options.seconds(),
                options.connections(),
                options.runs(),
                options.events()));
        out.append(String.format(
                Locale.ROOT,
                "  %-30s %-16s %16s %21s %5s %7s   %s%n",
                "figure",
                "system",
                "median",
                "min-max",
                "runs",
                "errors",
                "target (Lamina)"));
        for (Row row : ROWS) {
            for (String system : results.functions(row.scenario())) {
                results.get(row.scenario(), system, row.metric()).ifPresent(m -> out.append(line(results, row, m)));
            }
        }
        out.append("\nerrors: wrong answers (S3: not 200, or a GET body not of 4,096 bytes; SQS: not 200 with a"
                + " MessageId; DynamoDB: not 200, PutItem not {}, GetItem without the item asked for, Query without"
                + " all 100 items; Kinesis: not 200, FailedRecordCount not 0 or not a sequence number per record),"
                + " broken connections and time-outs, summed over the runs; latency rows: events whose handler start"
                + " never reached the logs. A run with any is failed and gives no figure.\n");
        out.append("Latency: from the wall clock when the client has read the service's answer to the wall clock"
                + " the handler read first thing (same machine, same clock); one event at a time, "
                + options.pauseMillis() + " ms apart.\n");
        notes.forEach(n -> out.append("Note: ").append(n).append('\n'));
        if (options.runs() < 3) {
            out.append(String.format(
                    Locale.ROOT,
                    "NOT FIGURES TO QUOTE: %d runs per figure; a result needs at least 3.%n",
                    options.runs()));
        }
        if (commit.endsWith("+changes")) {
            out.append("NOT FIGURES TO QUOTE: the work tree differs from the commit.\n");
        }
        out.append(String.format(Locale.ROOT, "Took %.0f s.%n", elapsed));
        System.out.print(out);
        Path txt = ServicesBenchmark.write(results, options, commit, out.toString());
        System.out.println("Wrote " + txt + " and the CSV beside it (each figure's median, min, max and every run's"
                + " value); the same as services.txt and services.csv");
    }

    private static String line(Results results, Row row, Results.Metric m) {
        String scenario = row.scenario();
        String errorMetric = scenario.endsWith("-to-handler") ? "missing" : "errors";
        long errors = results.get(scenario, m.function(), errorMetric)
                .map(e -> e.values().stream().mapToLong(Double::longValue).sum())
                .orElse(0L);
        String median = m.failed() ? "failed" : Results.fmt(m.median()) + " " + row.unit();
        String range = m.values().isEmpty() ? "" : Results.fmt(m.min()) + "-" + Results.fmt(m.max());
        String target = "";
        if (m.function().equals(ServicesBenchmark.LAMINA) && !Double.isNaN(row.target())) {
            boolean met = !m.failed() && (row.atLeast() ? m.median() >= row.target() : m.median() <= row.target());
            target = (row.atLeast() ? ">= " : "<= ") + Results.fmt(row.target()) + " " + row.unit() + ": "
                    + (met ? "met" : "MISSED");
        }
        return String.format(
                Locale.ROOT,
                "  %-30s %-16s %16s %21s %5d %7d   %s%n",
                row.title(),
                m.function(),
                median,
                range,
                m.values().size(),
                errors,
                target);
    }
}
