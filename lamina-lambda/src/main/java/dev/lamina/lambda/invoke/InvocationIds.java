package dev.lamina.lambda.invoke;

import java.time.InstantSource;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The ids an invocation gets: its request id (a version-4 UUID, as Lambda's) and a trace when its
 * caller brings none, and its span in the trace ({@link CallerTrace#child}). Called on the invoke
 * path from any thread.
 *
 * @param random thread-safe; ids need to be unique, not secret (on a node: each thread's own generator)
 * @param clock gives the trace id's time
 */
public record InvocationIds(RandomGenerator random, InstantSource clock) {
    private static final HexFormat HEX = HexFormat.of();

    /** A new request id: a random version-4 UUID. */
    public String requestId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    /**
     * A trace for an invocation whose caller brought none: X-Ray's root, the current epoch seconds in
     * 8 hex digits followed by 24 random ones; no parent, not sampled.
     */
    public CallerTrace newTrace() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return new CallerTrace(String.format("%08x", clock.millis() / 1000) + HEX.formatHex(bytes), null, false);
    }

    /** A new span id: 16 random hex digits, never all zero. */
    public String spanId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return HEX.toHexDigits(id);
    }
}
