package dev.lamina.bench;

import java.util.Locale;

/** Issue 5's targets, checked against one run's figures (this machine, same run). */
final class PeerTargets {
    private PeerTargets() {}

    static String report(Comparison c) {
        StringBuilder sb = new StringBuilder("\nTargets (issue 5):\n");
        String nodeUrl = LaminaRows.label(LaminaRows.NODE, LaminaRows.URL);
        String nodeInvoke = LaminaRows.label(LaminaRows.NODE, LaminaRows.INVOKE);
        boolean urls = !Double.isNaN(c.value(nodeUrl, "rps_64"));
        String lamina = urls ? nodeUrl : nodeInvoke;
        String suffix = urls ? "" : " (no function URLs yet: the Invoke API instead)";
        ratio(sb, c, "function URL req/s at 64 connections >= 0.3x workerd's" + suffix, lamina, PeerRows.WORKERD, 0.3);
        ratio(
                sb,
                c,
                "function URL req/s at 64 connections >= 7x serverless-offline's" + suffix,
                lamina,
                PeerRows.SLS_HTTP,
                7);
        for (String runtime : new String[] {LaminaRows.NODE, LaminaRows.PYTHON}) {
            for (String way : new String[] {LaminaRows.URL, LaminaRows.INVOKE}) {
                String label = LaminaRows.label(runtime, way);
                atMost(sb, "p99 at 1 connection <= 1 ms, " + label, c.value(label, "p99"), 1);
            }
        }
        for (String runtime : new String[] {LaminaRows.NODE, LaminaRows.PYTHON}) {
            String label = LaminaRows.label(runtime, LaminaRows.INVOKE);
            atMost(sb, "Invoke API overhead p50 <= 0.3 ms, " + runtime, c.value(label, "overhead_p50"), 0.3);
        }
        atMost(
                sb,
                "Python cold start <= 25 ms",
                c.value(LaminaRows.label(LaminaRows.PYTHON, LaminaRows.INVOKE), "cold"),
                25);
        atMost(sb, "Node cold start <= 70 ms", c.value(nodeInvoke, "cold"), 70);
        atMost(
                sb,
                "Java cold start <= 150 ms",
                c.value(LaminaRows.label(LaminaRows.JAVA, LaminaRows.INVOKE), "cold"),
                150);
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

    private static void atMost(StringBuilder sb, String what, double value, double limit) {
        line(
                sb,
                what,
                Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value),
                Double.isNaN(value) ? null : value <= limit);
    }

    private static void line(StringBuilder sb, String what, String figure, Boolean met) {
        sb.append(String.format(
                Locale.ROOT,
                "  %-78s %10s  %s%n",
                what,
                figure,
                met == null ? "not measured" : met ? "met" : "MISSED"));
    }
}
