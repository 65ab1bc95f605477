package dev.lamina.lambda.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lambda's retry timing for asynchronous invocations, as pure functions. */
class RetryPolicyTest {
    private static final RetryPolicy LAMBDA = new RetryPolicy(60_000, 1_000, 300_000);

    private static EventInvokeConfig config(Integer retries, Integer ageSeconds) {
        return new EventInvokeConfig("f", "$LATEST", retries, ageSeconds, null, null, 0);
    }

    @Test
    void aFailingEventIsRetriedAfterOneMinuteThenTwoThenGivenUp() {
        EventInvokeConfig defaults = EventInvokeConfig.defaults("f", "$LATEST");
        assertEquals(new RetryPolicy.RetryAt(1_000 + 60_000), LAMBDA.afterAttempt(1, true, defaults, 1_000));
        assertEquals(new RetryPolicy.RetryAt(61_000 + 120_000), LAMBDA.afterAttempt(2, true, defaults, 61_000));
        assertEquals(
                new RetryPolicy.Finish(RetryPolicy.Condition.RetriesExhausted),
                LAMBDA.afterAttempt(3, true, defaults, 181_000));
    }

    @Test
    void maximumRetryAttemptsZeroGivesUpAfterTheFirstFailure() {
        assertEquals(
                new RetryPolicy.Finish(RetryPolicy.Condition.RetriesExhausted),
                LAMBDA.afterAttempt(1, true, config(0, null), 0));
        assertEquals(new RetryPolicy.RetryAt(60_000), LAMBDA.afterAttempt(1, true, config(1, null), 0));
        assertEquals(
                new RetryPolicy.Finish(RetryPolicy.Condition.RetriesExhausted),
                LAMBDA.afterAttempt(2, true, config(1, null), 0));
    }

    @Test
    void aSuccessFinishesWhateverTheAttempt() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(
                    new RetryPolicy.Finish(RetryPolicy.Condition.Success),
                    LAMBDA.afterAttempt(attempt, false, config(2, null), 0));
        }
    }

    @Test
    void throttlesBackOffExponentiallyUpToFiveMinutes() {
        assertEquals(1_000, LAMBDA.backoff(1));
        assertEquals(2_000, LAMBDA.backoff(2));
        assertEquals(4_000, LAMBDA.backoff(3));
        assertEquals(256_000, LAMBDA.backoff(9));
        assertEquals(300_000, LAMBDA.backoff(10));
        assertEquals(300_000, LAMBDA.backoff(1_000));
    }

    @Test
    void anEventExpiresOnceOlderThanItsMaximumAge() {
        AsyncEvent event =
                new AsyncEvent("id", "f", null, "arn", "t", "{}".getBytes(StandardCharsets.UTF_8), 10_000, 70_000);
        assertFalse(RetryPolicy.expired(event, 69_999));
        assertTrue(RetryPolicy.expired(event, 70_000));
        assertEquals(21_600_000, EventInvokeConfig.defaults("f", "$LATEST").maximumEventAgeMillis());
        assertEquals(60_000, config(null, 60).maximumEventAgeMillis());
    }

    @Test
    void nonsenseDelaysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(-1, 1_000, 2_000));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, 0, 2_000));
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(1, 5_000, 2_000));
    }
}
