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
    void fiveAttemptsInAMinuteStopAnAddressUntilTheFirstIsAMinuteOld() {
        for (int i = 0; i < SignInAttempts.LIMIT; i++) {
            now.set(NINE.plusSeconds(10L * i));
            assertTrue(attempts.attempt("10.0.0.1"), "attempt " + (i + 1));
        }
        now.set(NINE.plusSeconds(50));
        assertFalse(attempts.attempt("10.0.0.1"));
        assertTrue(attempts.attempt("10.0.0.2"), "other addresses are not held back");
        now.set(NINE.plusSeconds(60));
        assertTrue(attempts.attempt("10.0.0.1"), "the first attempt is a minute old");
        assertFalse(attempts.attempt("10.0.0.1"), "and the new one used the freed place");
    }

    @Test
    void attemptsMadeAtOnceAreCountedBeforeAnyAnswer() {
        int allowed = 0;
        for (int i = 0; i < 3 * SignInAttempts.LIMIT; i++) {
            allowed += attempts.attempt("10.0.0.1") ? 1 : 0; // none answered yet: none succeeded
        }
        assertTrue(allowed == SignInAttempts.LIMIT, "allowed " + allowed);
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < SignInAttempts.LIMIT - 1; i++) {
            attempts.attempt("10.0.0.1");
        }
        attempts.succeeded("10.0.0.1");
        for (int i = 0; i < SignInAttempts.LIMIT - 1; i++) {
            attempts.attempt("10.0.0.1");
        }
        assertTrue(attempts.attempt("10.0.0.1"));
    }

    @Test
    void aFullListMakesRoomByForgettingOldFailuresAndElseRefusesNewAddresses() {
        for (int i = 0; i < SignInAttempts.ADDRESSES; i++) {
            attempts.attempt("a" + i);
        }
        assertFalse(attempts.attempt("new"), "no room while every address failed within the minute");
        now.set(NINE.plusSeconds(61));
        for (int i = 0; i < SignInAttempts.LIMIT; i++) {
            assertTrue(attempts.attempt("late"));
        }
        assertFalse(attempts.attempt("late"));
        assertTrue(attempts.attempt("a0"));
    }
}
