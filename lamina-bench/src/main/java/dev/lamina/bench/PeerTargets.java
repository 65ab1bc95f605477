package dev.lamina.bench;

import java.util.Locale;

/**
 * The targets (issue 13's, and issue 5's where 13 has none), checked against one run's medians (this
 * machine, same run): "met" only where the median meets the target; a figure with a failed run is
 * "failed", never met.
 */
final class PeerTargets {
    private PeerTargets() {}

    static String report(Comparison c) {
        StringBuilder sb = new StringBuilder("\nTargets (medians of this run):\n");
        String nodeUrl = LaminaRows.label(LaminaRows.NODE, LaminaRows.URL);
        String nodeInvoke = LaminaRows.label(LaminaRows.NODE, LaminaRows.INVOKE);
        boolean urls = !Double.isNaN(c.value(nodeUrl, "rps_64"));
        String lamina = urls ? nodeUrl : nodeInvoke;
        String suffix = urls ? "" : " (no function URLs yet: the Invoke API instead)";
        ratio(sb, c, "function URL req/s at 64 connections >= 0.5x workerd's" + suffix, lamina, PeerRows.WORKERD, 0.5);
        ratio(
                sb,
                c,
                "function URL req/s at 64 connections >= 7x serverless-offline's" + suffix,
                lamina,
                PeerRows.SLS_HTTP,
                7);
        for (String runtime : new String[] {LaminaRows.NODE, LaminaRows.PYTHON}) {
            String label = LaminaRows.label(runtime, urls ? LaminaRows.URL : LaminaRows.INVOKE);
            double r = c.stepRatio(label);
            line(
                    sb,
                    "first 5 s after a step 0 -> 64 connections >= 0.5x the steady rate, " + label,
                    Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r),
                    Double.isNaN(r) ? null : r >= 0.5);
        }
        for (String runtime : new String[] {LaminaRows.NODE, LaminaRows.PYTHON}) {
            for (String way : new String[] {LaminaRows.URL, LaminaRows.INVOKE}) {
                String label = LaminaRows.label(runtime, way);
                atMost(sb, c, "p99 at 1 connection <= 1 ms, " + label, label, "p99", 1);
            }
        }
        for (String runtime : new String[] {LaminaRows.NODE, LaminaRows.PYTHON}) {
            String label = LaminaRows.label(runtime, LaminaRows.INVOKE);
            atMost(sb, c, "Invoke API overhead p50 <= 0.3 ms, " + runtime, label, "overhead_p50", 0.3);
        }
        String python = LaminaRows.label(LaminaRows.PYTHON, LaminaRows.INVOKE);
        String java = LaminaRows.label(LaminaRows.JAVA, LaminaRows.INVOKE);
        atMost(sb, c, "cold start from a waiting spare, Python <= 25 ms", python, "cold", 25);
        atMost(sb, c, "cold start from a waiting spare, Node <= 50 ms", nodeInvoke, "cold", 50);
        atMost(sb, c, "cold start from a waiting spare, Java <= 120 ms", java, "cold", 120);
        for (String metric : new String[] {"cold_first", "cold_burst"}) {
            String what = metric.equals("cold_first")
                    ? "cold start with no spare (a runtime's first), "
                    : "cold start with no spare (the last of a burst of " + LaminaRows.BURST + "), ";
            atMost(sb, c, what + "Python <= 40 ms", python, metric, 40);
            atMost(sb, c, what + "Node <= 90 ms", nodeInvoke, metric, 90);
            atMost(sb, c, what + "Java <= 250 ms", java, metric, 250);
        }
        return sb.toString();
    }

    private static void ratio(StringBuilder sb, Comparison c, String what, String lamina, String peer, double wanted) {
        double r = c.value(lamina, "rps_64") / c.value(peer, "rps_64");
        line(
                sb,
                what,
                Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r),
                Double.isNaN(r) ? null : r >= wanted);
    }

    private static void atMost(StringBuilder sb, Comparison c, String what, String label, String metric, double limit) {
        double value = c.value(label, metric);
        if (c.failed(label, metric)) {
            sb.append(String.format(Locale.ROOT, "  %-100s %10s  %s%n", what, "failed", "MISSED (a run failed)"));
            return;
        }
        line(
                sb,
                what,
                Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value),
                Double.isNaN(value) ? null : value <= limit);
    }

    private static void line(StringBuilder sb, String what, String figure, Boolean met) {
        sb.append(String.format(
                Locale.ROOT,
                "  %-100s %10s  %s%n",
                what,
                figure,
                met == null ? "not measured" : met ? "met" : "MISSED"));
    }
}
