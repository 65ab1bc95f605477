package dev.lamina.lambda.function;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The stamps a change of a function, version or alias carries: a new {@code RevisionId} and the
 * {@code LastModified} time. Revision ids only tell one state from the next (a caller's optimistic
 * check), so a fast generator will do; nothing relies on them being unguessable.
 *
 * <p>Called under the registry's monitor by {@link Functions}, {@link Versions} and {@link Aliases};
 * the generator must still be safe for use from any thread, as the node shares it.
 */
public final class Revisions {
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final RandomGenerator random;

    public Revisions(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new revision id, written as Lambda writes them: a random (version 4) UUID. */
    public String newId() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** Now, as Lambda writes {@code LastModified}: {@code 2026-01-02T03:04:05.678+0000}. */
    public String lastModified() {
        return LAST_MODIFIED.format(clock.instant());
    }
}
