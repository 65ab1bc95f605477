package dev.lamina.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The comparison drawn as one PNG with XChart: throughput at each load level per row (log scale: the
 * peers span four orders of magnitude), and latency at one connection per row; a marker per figure.
 */
final class ComparisonChart {
    private ComparisonChart() {}

    static void write(Comparison comparison, List<Integer> connections, String subtitle, Path png) throws IOException {
        List<String> rps = connections.stream().map(c -> "rps_" + c).toList();
        List<String> throughputRows = measured(comparison, rps);
        List<String> latencyRows = measured(comparison, List.of("p50", "p99", "p999"));
        if (throughputRows.isEmpty() || latencyRows.isEmpty()) {
            return;
        }
        CategoryChart throughput = chart("Throughput (requests/s, log scale), " + subtitle, "req/s");
        for (int i = 0; i < connections.size(); i++) {
            int c = connections.get(i);
            throughput.addSeries(
                    c + (c == 1 ? " connection" : " connections"),
                    throughputRows,
                    values(comparison, throughputRows, rps.get(i)));
        }
        CategoryChart latency = chart("Latency at 1 connection (ms, log scale)", "ms");
        latency.addSeries("p50", latencyRows, values(comparison, latencyRows, "p50"));
        latency.addSeries("p99", latencyRows, values(comparison, latencyRows, "p99"));
        latency.addSeries("p99.9", latencyRows, values(comparison, latencyRows, "p999"));
        BitmapEncoder.saveBitmap(List.of(throughput, latency), 2, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * The rows with a positive figure for every one of {@code metrics}: a log axis has no place for
     * a missing one (the table shows those rows).
     */
    private static List<String> measured(Comparison comparison, List<String> metrics) {
        List<String> labels = new ArrayList<>();
        for (Comparison.Row row : comparison.rows()) {
            if (metrics.stream().allMatch(m -> comparison.value(row.label(), m) > 0)) {
                labels.add(row.label());
            }
        }
        return labels;
    }

    private static CategoryChart chart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1400)
                .height(560)
                .title(title)
                .yAxisTitle(yTitle)
                .build();
        // Bars start at zero, which a log axis has no place for: one marker per figure instead.
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(20);
        return chart;
    }

    private static List<Double> values(Comparison comparison, List<String> labels, String metric) {
        return labels.stream().map(l -> comparison.value(l, metric)).toList();
    }
}
