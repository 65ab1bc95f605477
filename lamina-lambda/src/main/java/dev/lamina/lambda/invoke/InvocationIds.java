package dev.lamina.lambda.invoke;

import java.time.InstantSource;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The ids an invocation gets when its caller brings none: its request id (a version-4 UUID, as
 * Lambda's) and its X-Ray trace header ({@code Root=1-<epoch seconds in hex>-<24 hex digits>;
 * Parent=<16 hex digits>;Sampled=0}). Called on the invoke path from any thread.
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

    String traceId() {
        byte[] bytes = new byte[20]; // 12 for the root, 8 for the parent
        random.nextBytes(bytes);
        return "Root=1-" + Long.toHexString(clock.millis() / 1000) + "-" + HEX.formatHex(bytes, 0, 12) + ";Parent="
                + HEX.formatHex(bytes, 12, 20) + ";Sampled=0";
    }
}
