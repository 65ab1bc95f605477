package dev.lamina.storage.blob;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A stored blob's name and size.
 *
 * @param sha256 the SHA-256 of its content, 64 lower-case hex digits: its name in the store
 * @param size its length in bytes
 */
public record Blob(String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Blob {
        checkName(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative");
        }
    }

    /** The digest as bytes (for its Base64 form, as Lambda's CodeSha256). */
    public byte[] digest() {
        return HexFormat.of().parseHex(sha256);
    }

    /** Refuses anything but a SHA-256 in lower-case hex, so that a name never reaches outside the store. */
    static String checkName(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        return sha256;
    }
}
