package dev.lamina.cloudwatch.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetricMathTest {
    private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
    private final Instant t1 = t0.plusSeconds(60);
    private final Map<String, MetricMath.Series> series = Map.of(
            "err", series(Map.of(t0, 2.0, t1, 0.0)),
            "inv", series(Map.of(t0, 8.0, t1, 5.0)),
            "late", series(Map.of(t1, 1.0)));

    private static MetricMath.Series series(Map<Instant, Double> points) {
        return new MetricMath.Series(new TreeMap<>(points));
    }

    private MetricMath.Value eval(String expression) {
        return MetricMath.evaluate(expression, series::get);
    }

    @Test
    void theHeaderExamplesHold() {
        assertEquals(series(Map.of(t0, 25.0, t1, 0.0)), eval("err/inv*100"));
        assertEquals(series(Map.of(t0, 10.0, t1, 5.0)), eval("SUM([err, inv])"));
    }

    @Test
    void precedenceParenthesesNumbersAndUnaryMinus() {
        assertEquals(new MetricMath.Number(7), eval("1 + 2 * 3"));
        assertEquals(new MetricMath.Number(9), eval("(1 + 2) * 3"));
        assertEquals(series(Map.of(t0, -10.0, t1, -5.0)), eval("-inv + err - err * 2 + 0 * err"));
        assertEquals(series(Map.of(t0, 5.0, t1, 2.5)), eval("AVG([err, inv])"));
        assertEquals(series(Map.of(t0, 2.0, t1, 1.0)), eval("MAX([err, late])"));
        assertEquals(series(Map.of(t1, 1.0)), eval("late * inv / inv"), "only timestamps both series have");
        assertEquals(series(Map.of(t0, 4.0)), eval("inv / err"), "a division by zero leaves its point out");
        assertEquals(List.of("err", "inv", "late"), MetricMath.ids("SUM([err, inv]) + late"));
    }

    @Test
    void whatCannotBeReadIsInvalidParameterValue() {
        for (String bad : new String[] {"err +", "(err", "RATE(err)", "err $ inv", "SUM(2)", "1..2"}) {
            AwsException e = assertThrows(AwsException.class, () -> eval(bad), bad);
            assertEquals("InvalidParameterValueException", e.code(), bad);
        }
    }
}
