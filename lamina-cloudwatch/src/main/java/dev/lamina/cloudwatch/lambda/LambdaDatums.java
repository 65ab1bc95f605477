package dev.lamina.cloudwatch.lambda;

import dev.lamina.cloudwatch.metric.Aggregate;
import dev.lamina.cloudwatch.metric.Datum;
import dev.lamina.cloudwatch.metric.Metric;
import dev.lamina.spi.lambda.InvocationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's metrics of one invocation or throttle, with Lambda's names, units and dimensions. Pure.
 *
 * <p>An invocation counts in {@code Invocations} (1), {@code Errors} (1 for a function error or
 * timeout, else 0, as Lambda reports it) and {@code Duration} (milliseconds), each under four
 * dimension sets: none (every function), {@code FunctionName}, and for a numbered version also
 * {@code FunctionName, Resource} ({@code name:version}) and {@code FunctionName, Resource,
 * ExecutedVersion}. Lambda's {@code Resource} names the qualifier the caller used (an alias too); the
 * report tells the version that ran, so an invocation through an alias is counted under its
 * version's {@code Resource}. A throttle counts in {@code Throttles} under none and
 * {@code FunctionName}. All are kept at 1-second resolution too.
 */
public final class LambdaDatums {
    public static final String NAMESPACE = "AWS/Lambda";

    private LambdaDatums() {}

    static void ended(InvocationReport r, List<Datum> out) {
        boolean error = r.outcome() != InvocationReport.Outcome.SUCCESS;
        for (Map<String, String> dimensions : dimensionSets(r.function(), r.version())) {
            add(out, "Invocations", dimensions, "Count", r.endedAt(), 1);
            add(out, "Errors", dimensions, "Count", r.endedAt(), error ? 1 : 0);
            add(out, "Duration", dimensions, "Milliseconds", r.endedAt(), r.durationMs());
        }
    }

    static void throttled(String function, Instant at, List<Datum> out) {
        add(out, "Throttles", Map.of(), "Count", at, 1);
        add(out, "Throttles", Map.of("FunctionName", function), "Count", at, 1);
    }

    static List<Map<String, String>> dimensionSets(String function, String version) {
        List<Map<String, String>> sets = new ArrayList<>(4);
        sets.add(Map.of());
        sets.add(Map.of("FunctionName", function));
        if (!version.equals("$LATEST")) {
            Map<String, String> qualified = new LinkedHashMap<>();
            qualified.put("FunctionName", function);
            qualified.put("Resource", function + ":" + version);
            sets.add(qualified);
            Map<String, String> executed = new LinkedHashMap<>(qualified);
            executed.put("ExecutedVersion", version);
            sets.add(executed);
        }
        return sets;
    }

    private static void add(
            List<Datum> out, String name, Map<String, String> dimensions, String unit, Instant at, double value) {
        out.add(new Datum(Metric.of(NAMESPACE, name, dimensions), unit, at, Aggregate.of(value), true));
    }
}
