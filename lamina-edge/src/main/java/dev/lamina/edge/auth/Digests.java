package dev.lamina.edge.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The digests a streamed body is checked with: SHA-256 for signatures, and S3's trailing checksums. */
final class Digests {
    private Digests() {}

    /** Cloned for each use: cheaper than looking the algorithm up among the providers every time. */
    private static final MessageDigest SHA256 = digest("SHA-256");

    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return digest("SHA-256");
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }

    /** A running checksum of the data, its value as S3 writes it (Base64 of the big-endian bytes). */
    interface Running {
        void update(byte[] b, int off, int len);

        String base64();
    }

    /**
     * The checksum a trailer header names ({@code x-amz-checksum-crc32}, {@code -crc32c}, {@code -sha1},
     * {@code -sha256}), or {@code null} for one this does not compute (CRC64/NVME: its value is then
     * passed over unchecked).
     */
    static Running forTrailer(String header) {
        return switch (header == null ? "" : header.trim().toLowerCase(Locale.ROOT)) {
            case "x-amz-checksum-crc32" -> crc(new CRC32());
            case "x-amz-checksum-crc32c" -> crc(new CRC32C());
            case "x-amz-checksum-sha1" -> message(digest("SHA-1"));
            case "x-amz-checksum-sha256" -> message(sha256());
            default -> null;
        };
    }

    private static Running crc(Checksum crc) {
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                crc.update(b, off, len);
            }

            @Override
            public String base64() {
                return Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(4)
                                .putInt((int) crc.getValue())
                                .array());
            }
        };
    }

    private static Running message(MessageDigest digest) {
        return new Running() {
            @Override
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            @Override
            public String base64() {
                return Base64.getEncoder().encodeToString(digest.digest());
            }
        };
    }
}
