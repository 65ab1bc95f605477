package dev.lamina.edge;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The ids the edge gives requests whose answer names none of its own (Invoke names its invocation's):
 * random version-4 UUIDs, as AWS's request ids look. Thread-safe ({@link java.util.Random} is);
 * called on the loop and on virtual threads.
 */
final class RequestIds {
    private final RandomGenerator random;

    /**
     * @param seed where the ids' own generator is seeded from: request ids need to be unique, not
     *     unguessable, and a {@link java.security.SecureRandom} per request cost the node a few percent
     *     of its CPU under load
     */
    RequestIds(RandomGenerator seed) {
        this.random = new java.util.Random(seed.nextLong());
    }

    String next() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // the IETF variant
        return new UUID(high, low).toString();
    }
}
