package dev.lamina.cloudformation.deploy;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Version-4 UUIDs from the injected randomness (stack ids, event ids, change set ids). */
final class RandomIds {
    private RandomIds() {}

    static String uuid(RandomGenerator random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
