package dev.lamina.cloudwatch.metric;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A statistic a query asks for: one of CloudWatch's five basic ones, or a percentile {@code pNN} /
 * {@code pNN.NN} (what ExtendedStatistics and GetMetricData's {@code Stat} take; the trimmed means and
 * the other extended statistics are not kept).
 */
public sealed interface Statistic {
    /** The basic statistics, as GetMetricStatistics names them. */
    Set<String> BASIC = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");

    /** Its name, as the request gave it and the answer repeats it. */
    String name();

    record Basic(String name) implements Statistic {}

    record Percentile(String name, double percent) implements Statistic {}

    Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100(\\.0{1,10})?)");

    /**
     * A basic statistic; throws InvalidParameterValue for another name, in AWS's words: {@code The
     * parameter Statistics.member.1 must be a value in the set [ Minimum, Maximum, Average,
     * SampleCount, Sum ].}
     */
    static Statistic basic(String name, String parameter) {
        if (!BASIC.contains(name)) {
            throw CloudWatchErrors.invalid("The parameter " + parameter
                    + " must be a value in the set [ Minimum, Maximum, Average, SampleCount, Sum ].");
        }
        return new Basic(name);
    }

    /** A percentile {@code pNN.NN}; throws InvalidParameterValue for another name. */
    static Statistic percentile(String name, String parameter) {
        if (name == null || !PERCENTILE.matcher(name).matches()) {
            throw CloudWatchErrors.invalidValue(name, parameter);
        }
        return new Percentile(name, Double.parseDouble(name.substring(1)));
    }

    /** Either kind, as GetMetricData's {@code Stat} takes. */
    static Statistic parse(String name, String parameter) {
        return name != null && BASIC.contains(name) ? new Basic(name) : percentile(name, parameter);
    }
}
