package dev.lamina.edge;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The ids the edge gives requests whose answer names none of its own (Invoke names its invocation's):
 * random version-4 UUIDs, as AWS's request ids look. Thread-safe when the generator is ({@link
 * java.security.SecureRandom} and {@link java.util.Random} are); called on the loop and on virtual
 * threads.
 */
final class RequestIds {
    private final RandomGenerator random;

    RequestIds(RandomGenerator random) {
        this.random = random;
    }

    String next() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // the IETF variant
        return new UUID(high, low).toString();
    }
}
