package dev.lamina.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.core.AwsException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LogBatchTest {
    private static final long NOON = 1_765_195_200_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static List<LogBatch.Input> at(long... timestamps) {
        return java.util.Arrays.stream(timestamps)
                .mapToObj(t -> new LogBatch.Input(t, "event at " + t))
                .toList();
    }

    @Test
    void aBatchInRangeIsKeptWhole() {
        LogBatch.Verdict v = LogBatch.judge(at(NOON - HOUR, NOON, NOON), NOON, OptionalInt.empty());
        assertEquals(new LogBatch.Verdict(0, 3, -1, -1, -1), v);
        assertFalse(v.anyRejected());
    }

    @Test
    void eventsTooNewTooOldOrExpiredAreCutOffTheEnds() {
        assertEquals(
                new LogBatch.Verdict(0, 1, 1, -1, -1),
                LogBatch.judge(at(NOON, NOON + 3 * HOUR), NOON, OptionalInt.empty()));
        long fifteenDays = Duration.ofDays(15).toMillis();
        assertEquals(
                new LogBatch.Verdict(2, 3, -1, 1, -1),
                LogBatch.judge(
                        at(
                                NOON - fifteenDays + 2 * HOUR,
                                NOON - fifteenDays + 23 * HOUR,
                                NOON - fifteenDays + 26 * HOUR),
                        NOON,
                        OptionalInt.empty()));
        assertEquals(
                new LogBatch.Verdict(1, 3, -1, -1, 0),
                LogBatch.judge(at(NOON - 25 * HOUR, NOON - 2 * HOUR, NOON - HOUR), NOON, OptionalInt.of(1)));
    }

    @Test
    void aBatchOutOfOrderOrTooLongOrEmptyIsRefused() {
        AwsException order =
                assertThrows(AwsException.class, () -> LogBatch.judge(at(NOON, NOON - 1), NOON, OptionalInt.empty()));
        assertEquals("InvalidParameterException", order.code());
        assertEquals("Log events in a single PutLogEvents request must be in chronological order.", order.getMessage());
        AwsException span = assertThrows(
                AwsException.class, () -> LogBatch.judge(at(NOON - 25 * HOUR, NOON), NOON, OptionalInt.empty()));
        assertEquals(
                "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
                span.getMessage());
        assertThrows(AwsException.class, () -> LogBatch.judge(List.of(), NOON, OptionalInt.empty()));
        assertThrows(
                AwsException.class,
                () -> LogBatch.judge(List.of(new LogBatch.Input(NOON, "")), NOON, OptionalInt.empty()));
        String big = "x".repeat(600_000);
        assertThrows(
                AwsException.class,
                () -> LogBatch.judge(
                        List.of(new LogBatch.Input(NOON, big), new LogBatch.Input(NOON, big)),
                        NOON,
                        OptionalInt.empty()));
    }
}
