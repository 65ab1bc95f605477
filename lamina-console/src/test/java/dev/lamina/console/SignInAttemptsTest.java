package dev.lamina.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SignInAttemptsTest {
    private static final Instant NINE = Instant.parse("2026-12-08T09:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(NINE);
    private final SignInAttempts attempts = new SignInAttempts(now::get);

    @Test
    void fiveFailuresInAMinuteStopAnAddressUntilTheFirstIsAMinuteOld() {
        for (int i = 0; i < SignInAttempts.LIMIT; i++) {
            now.set(NINE.plusSeconds(10L * i));
            assertTrue(attempts.allowed("10.0.0.1"), "attempt " + (i + 1));
            attempts.failed("10.0.0.1");
        }
        now.set(NINE.plusSeconds(50));
        assertFalse(attempts.allowed("10.0.0.1"));
        assertTrue(attempts.allowed("10.0.0.2"), "other addresses are not held back");
        now.set(NINE.plusSeconds(60));
        assertTrue(attempts.allowed("10.0.0.1"), "the first failure is a minute old");
        attempts.failed("10.0.0.1");
        assertFalse(attempts.allowed("10.0.0.1"), "and the new failure uses the freed attempt");
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < SignInAttempts.LIMIT - 1; i++) {
            attempts.failed("10.0.0.1");
        }
        attempts.succeeded("10.0.0.1");
        for (int i = 0; i < SignInAttempts.LIMIT - 1; i++) {
            attempts.failed("10.0.0.1");
        }
        assertTrue(attempts.allowed("10.0.0.1"));
    }

    @Test
    void manyAddressesMakeRoomByForgettingOldFailures() {
        for (int i = 0; i < SignInAttempts.ADDRESSES; i++) {
            attempts.failed("a" + i);
        }
        now.set(NINE.plusSeconds(61));
        attempts.failed("late");
        for (int i = 0; i < SignInAttempts.LIMIT; i++) {
            attempts.failed("late");
        }
        assertFalse(attempts.allowed("late"));
        assertTrue(attempts.allowed("a0"));
    }
}
