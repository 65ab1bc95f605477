package dev.lamina.console;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser: the random id its cookie carries, the CSRF token its page sends back on every
 * request that changes something, the key it signed in with, and when it ends unless used again.
 *
 * @param idleUntil the session ends at this instant unless a request renews it
 * @param endsAt the session ends at this instant whatever happens (renewals never pass it)
 */
public record Session(String id, String csrfToken, String accessKeyId, Instant idleUntil, Instant endsAt) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(idleUntil, "idleUntil");
        Objects.requireNonNull(endsAt, "endsAt");
        if (idleUntil.isAfter(endsAt)) {
            throw new IllegalArgumentException("a session idles out no later than it ends");
        }
    }

    /** Whether the session still holds at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(idleUntil);
    }
}
