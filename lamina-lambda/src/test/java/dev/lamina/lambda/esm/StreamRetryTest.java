package dev.lamina.lambda.esm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static List<StreamItem> items(int n) {
        List<StreamItem> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new StreamItem("s" + i, T0.plusSeconds(i), "k", JSON.createObjectNode()));
        }
        return out;
    }

    private static StreamSettings settings(int retries, int age, boolean bisect) {
        return new StreamSettings("TRIM_HORIZON", null, 1, retries, age, bisect, "arn:aws:sqs:r:a:dlq", 0);
    }

    private static final StreamRetry.Outcome OK = new StreamRetry.Outcome.Success();
    private static final StreamRetry.Outcome FAILED = new StreamRetry.Outcome.Failure();

    @Test
    void aSuccessCheckpointsTheBatchAndReadsOn() {
        StreamRetry.Step step = StreamRetry.after(settings(-1, -1, false), StreamRetry.Attempt.of(items(3)), OK, T0);
        assertEquals("s3", step.checkpoint());
        assertNull(step.next());
        assertTrue(step.discarded().isEmpty());
    }

    @Test
    void aFailureIsRetriedWithGrowingPausesWithoutMovingTheCheckpoint() {
        StreamRetry.Step step =
                StreamRetry.after(settings(-1, -1, false), StreamRetry.Attempt.of(items(3)), FAILED, T0);
        assertNull(step.checkpoint());
        assertEquals(new StreamRetry.Attempt(items(3), 3, 1), step.next());
        assertEquals(Duration.ofMillis(100), step.delay());
        assertEquals(Duration.ofMillis(400), StreamRetry.backoff(3));
        assertEquals(StreamRetry.MAX_BACKOFF, StreamRetry.backoff(40));
    }

    @Test
    void retriesExhaustedDiscardTheBatchAndPassIt() {
        StreamRetry.Attempt attempt = new StreamRetry.Attempt(items(3), 3, 2);
        StreamRetry.Step step = StreamRetry.after(settings(2, -1, false), attempt, FAILED, T0);
        assertEquals("s3", step.checkpoint());
        assertEquals(items(3), step.discarded());
        assertEquals("RetryAttemptsExhausted", step.condition());
        assertNull(step.next());
    }

    @Test
    void noRetriesDiscardsAtTheFirstFailure() {
        StreamRetry.Step step = StreamRetry.after(settings(0, -1, false), StreamRetry.Attempt.of(items(1)), FAILED, T0);
        assertEquals("s1", step.checkpoint());
        assertEquals("RetryAttemptsExhausted", step.condition());
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreDiscarded() {
        StreamRetry.Attempt attempt = StreamRetry.Attempt.of(items(2));
        StreamRetry.Step young = StreamRetry.after(settings(-1, 60, false), attempt, FAILED, T0.plusSeconds(60));
        assertNull(young.checkpoint());
        StreamRetry.Step old = StreamRetry.after(settings(-1, 60, false), attempt, FAILED, T0.plusSeconds(61));
        assertEquals("RecordAgeExceeded", old.condition());
        assertEquals("s2", old.checkpoint());
    }

    @Test
    void bisectingHalvesTheBatchWithoutUsingARetryThenTriesTheRest() {
        StreamSettings s = settings(0, -1, true);
        StreamRetry.Step first = StreamRetry.after(s, StreamRetry.Attempt.of(items(4)), FAILED, T0);
        assertEquals(new StreamRetry.Attempt(items(4), 2, 0), first.next());
        assertNull(first.checkpoint());
        StreamRetry.Step second = StreamRetry.after(s, first.next(), FAILED, T0);
        assertEquals(new StreamRetry.Attempt(items(4), 1, 0), second.next());
        // the single bad record: no retries left, so it is discarded alone and the rest goes next
        StreamRetry.Step third = StreamRetry.after(s, second.next(), FAILED, T0);
        assertEquals(items(1), third.discarded());
        assertEquals("s1", third.checkpoint());
        assertEquals(StreamRetry.Attempt.of(items(4).subList(1, 4)), third.next());
    }

    @Test
    void aReportedItemFailureCheckpointsBeforeItAndRetriesFromIt() {
        StreamRetry.Step step = StreamRetry.after(
                settings(-1, -1, true), StreamRetry.Attempt.of(items(4)), new StreamRetry.Outcome.Partial(2), T0);
        assertEquals("s2", step.checkpoint());
        assertEquals(new StreamRetry.Attempt(items(4).subList(2, 4), 2, 1), step.next());
    }

    @Test
    void aReportedItemFailureWithNoRetriesLeftDiscardsTheRest() {
        StreamRetry.Step step = StreamRetry.after(
                settings(0, -1, false), StreamRetry.Attempt.of(items(4)), new StreamRetry.Outcome.Partial(1), T0);
        assertEquals("s4", step.checkpoint());
        assertEquals(items(4).subList(1, 4), step.discarded());
    }

    @Test
    void recordsPastTheMaximumAgeAreNotSentButDiscarded() {
        StreamRetry.Attempt attempt = StreamRetry.Attempt.of(items(4)); // arrived at T0+1s … T0+4s
        assertNull(StreamRetry.expire(settings(-1, -1, false), attempt, T0.plusSeconds(1000)));
        assertNull(StreamRetry.expire(settings(-1, 60, false), attempt, T0.plusSeconds(60)));
        StreamRetry.Step step = StreamRetry.expire(settings(-1, 60, false), attempt, T0.plusSeconds(62));
        assertEquals(items(2), step.discarded());
        assertEquals("RecordAgeExceeded", step.condition());
        assertEquals("s2", step.checkpoint());
        assertEquals(StreamRetry.Attempt.of(items(4).subList(2, 4)), step.next());
        StreamRetry.Step all = StreamRetry.expire(settings(-1, 60, false), attempt, T0.plusSeconds(100));
        assertEquals("s4", all.checkpoint());
        assertNull(all.next());
    }
}
