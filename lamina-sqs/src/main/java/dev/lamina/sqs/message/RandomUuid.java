package dev.lamina.sqs.message;

import java.util.UUID;
import java.util.random.RandomGenerator;

/** Version 4 UUIDs (message ids, request ids) from the injected randomness rather than {@link UUID#randomUUID}. */
public final class RandomUuid {
    private RandomUuid() {}

    public static String from(RandomGenerator random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}
