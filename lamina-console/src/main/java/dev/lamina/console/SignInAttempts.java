package dev.lamina.console;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed sign-ins per client address: after {@value #LIMIT} failures within {@link #WINDOW}, that
 * address may try again only once the oldest of them is a window old. A secret of 40 random
 * characters cannot be guessed anyway; this keeps a node reachable beyond loopback from spending its
 * CPU on guesses and its log on noise.
 *
 * <p>Worked example: failed attempts at 09:00:00, :10, :20, :30 and :40 use up the five; a sixth at
 * 09:00:50 is refused; at 09:01:00 the first is a minute old and one attempt is allowed again. A
 * success clears the address. Thread safe; the clock is injected.
 */
public final class SignInAttempts {
    static final int LIMIT = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Addresses remembered at most: beyond it, those whose failures are all a window old go. */
    static final int ADDRESSES = 10_000;

    private final InstantSource clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public SignInAttempts(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Takes one attempt for {@code address}, counted as a failure until {@link #succeeded}: whether it
     * may try to sign in now. Checking and counting in one step keeps attempts made in parallel from
     * all passing before any of them is counted. While every remembered address has recent failures
     * and there is no room for another, a new address is refused too.
     */
    public synchronized boolean attempt(String address) {
        Instant now = clock.instant();
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            if (failures.size() >= ADDRESSES) {
                failures.values().removeIf(r -> {
                    prune(r, now);
                    return r.isEmpty();
                });
                if (failures.size() >= ADDRESSES) {
                    return false;
                }
            }
            recent = new ArrayDeque<>();
            failures.put(address, recent);
        } else {
            prune(recent, now);
        }
        if (recent.size() >= LIMIT) {
            return false;
        }
        recent.addLast(now);
        return true;
    }

    /** A right key from {@code address}: its failures are forgotten. */
    public synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private static void prune(Deque<Instant> recent, Instant now) {
        Instant oldest = now.minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(oldest)) {
            recent.removeFirst();
        }
    }
}
