package dev.lamina.console;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The console's sessions, kept on the server: a browser holds only a random id. A session idles out
 * {@code idle} after its last request and ends {@code lifetime} after sign-in whatever happens; a
 * node that restarts forgets them all, and its users sign in again (nothing in a session is worth
 * keeping).
 *
 * <p>Worked example, idle 30 min and lifetime 8 h: signed in at 09:00, the session holds until
 * 09:30; a request at 09:20 moves that to 09:50; one at 16:50 moves it to 17:00 (the lifetime), and
 * the first request after 17:00 finds no session.
 *
 * <p>Ids and CSRF tokens are 32 bytes from {@code random}, which must be a secure generator. Thread
 * safe: called from the edge's request threads.
 */
public final class Sessions {
    /** Sessions a node holds at most: a flood of sign-ins cannot grow the map without bound. */
    static final int MAX = 10_000;

    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration idle;
    private final Duration lifetime;
    private final Map<String, Session> byId = new ConcurrentHashMap<>();

    public Sessions(InstantSource clock, RandomGenerator random, Duration idle, Duration lifetime) {
        if (idle.isNegative() || idle.isZero() || lifetime.compareTo(idle) < 0) {
            throw new IllegalArgumentException("a session idles out after a positive time, within its lifetime");
        }
        this.clock = clock;
        this.random = random;
        this.idle = idle;
        this.lifetime = lifetime;
    }

    /** A new session for {@code accessKeyId}, which just signed in. */
    public Session open(String accessKeyId) {
        Instant now = clock.instant();
        if (byId.size() >= MAX) {
            byId.values().removeIf(s -> !s.liveAt(now));
            if (byId.size() >= MAX) {
                // the session closest to idling out goes, not the new one
                byId.values().stream()
                        .min(java.util.Comparator.comparing(Session::idleUntil))
                        .ifPresent(oldest -> byId.remove(oldest.id()));
            }
        }
        Instant endsAt = now.plus(lifetime);
        Session session = new Session(token(), token(), accessKeyId, min(now.plus(idle), endsAt), endsAt);
        byId.put(session.id(), session);
        return session;
    }

    /**
     * The live session with this id, renewed by this request; empty (and the session forgotten) when
     * there is none or it idled out or ended.
     */
    public Optional<Session> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = byId.computeIfPresent(
                id,
                (key, s) -> s.liveAt(now)
                        ? new Session(
                                s.id(), s.csrfToken(), s.accessKeyId(), min(now.plus(idle), s.endsAt()), s.endsAt())
                        : null);
        return Optional.ofNullable(found);
    }

    /** Ends a session (sign-out); nothing happens when there is none. */
    public void close(String id) {
        byId.remove(id);
    }

    /** How long a session lasts unused, for the cookie's {@code Max-Age}. */
    public Duration lifetime() {
        return lifetime;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
