package dev.lamina.sqs.message;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS answers a send and a receive with, which the SDKs recompute and compare (the
 * Java SDK v2 fails the call on a mismatch, and so does botocore for a send).
 *
 * <p>The body's digest is the MD5 of its UTF-8 bytes. The attributes' digest is the MD5 of, for each
 * attribute in the order of its name: the name, then the data type, each as a 4-byte big-endian length
 * and its UTF-8 bytes; then one byte, 1 for a text value or 2 for a binary one; then the value as a
 * length and its bytes. Example: {@code {"a": String "b"}} digests the 21 bytes
 * {@code 00000001 61 00000006 537472696e67 01 00000001 62}. System attributes
 * ({@code AWSTraceHeader}) are digested the same way.
 */
public final class Md5Digests {
    private Md5Digests() {}

    /** The hex MD5 of {@code body}'s UTF-8 bytes. */
    public static String ofBody(String body) {
        return hex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hex MD5 of {@code attributes} as SQS digests them, or {@code null} when there are none. */
    public static String ofAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TreeMap<>(attributes).forEach((name, value) -> {
            lengthAndBytes(out, name.getBytes(StandardCharsets.UTF_8));
            lengthAndBytes(out, value.dataType().getBytes(StandardCharsets.UTF_8));
            if (value.binary()) {
                out.write(2);
                lengthAndBytes(out, value.binaryValue());
            } else {
                out.write(1);
                lengthAndBytes(out, value.stringValue().getBytes(StandardCharsets.UTF_8));
            }
        });
        return hex(md5().digest(out.toByteArray()));
    }

    private static void lengthAndBytes(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** Cloned for each digest: cheaper than looking MD5 up among the providers every time. */
    private static final MessageDigest MD5 = lookUp();

    private static MessageDigest md5() {
        try {
            return (MessageDigest) MD5.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp();
        }
    }

    private static MessageDigest lookUp() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
