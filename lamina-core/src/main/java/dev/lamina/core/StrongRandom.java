package dev.lamina.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where the node's unguessable values (ids, receipt handles, session keys) come from. On Linux
 * {@code new SecureRandom()} is NativePRNG, whose every {@code nextBytes} reads {@code /dev/urandom}
 * under one lock that all its instances share: a system call and a point of contention per id, which
 * a busy node pays several times per request. The JDK's DRBG (NIST SP 800-90A Hash_DRBG) is as strong,
 * seeds itself from the same entropy source once, and then generates without either.
 */
public final class StrongRandom {
    private StrongRandom() {}

    /** A new, self-seeded DRBG; NativePRNG where the JDK has none. Thread-safe. */
    public static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
