package dev.lamina.edge.auth;

import dev.lamina.core.AwsException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The body of a streamed upload as its {@code x-amz-content-sha256} says to read it (S3's rules):
 *
 * <ul>
 *   <li>a SHA-256: the bytes as sent, checked against it when they end (400
 *       {@code XAmzContentSHA256Mismatch});
 *   <li>{@code UNSIGNED-PAYLOAD} (or nothing, when the node checks no signatures): the bytes as sent;
 *   <li>{@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER},
 *       {@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}: an {@code aws-chunked} body, decoded
 *       ({@link AwsChunkedInputStream}), each chunk's signature and the trailer's checked against the
 *       request's seed signature, and a trailing checksum against the data.
 * </ul>
 *
 * A body that is not what was signed throws, at the read that finds it out, a
 * {@link PayloadRefused} whose cause is S3's error; the reader (a blob store's put) then keeps nothing.
 */
public final class StreamingPayload {
    static final String SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private StreamingPayload() {}

    /** Whether {@code declared} is one of the {@code aws-chunked} forms this reads. */
    static boolean isStreaming(String declared) {
        return declared.equals(SIGNED) || declared.equals(SIGNED_TRAILER) || declared.equals(UNSIGNED_TRAILER);
    }

    /**
     * The body to read, its signatures checked with {@code seed}.
     *
     * @param seed the request's checked signature, or {@code null} when the node checks none (the
     *     body is then decoded but nothing is verified but its trailing checksum)
     */
    public static InputStream open(Map<String, List<String>> headers, InputStream body, SeedSignature seed) {
        String declared = first(headers, "x-amz-content-sha256");
        if (declared == null || declared.equals(SigV4Verifier.UNSIGNED_PAYLOAD)) {
            return body;
        }
        long decodedLength = decodedLength(first(headers, "x-amz-decoded-content-length"));
        String trailer = first(headers, "x-amz-trailer");
        return switch (declared) {
            case SIGNED -> new AwsChunkedInputStream(body, seed, false, null, decodedLength);
            case SIGNED_TRAILER -> new AwsChunkedInputStream(body, seed, true, trailer, decodedLength);
            case UNSIGNED_TRAILER -> new AwsChunkedInputStream(body, null, true, trailer, decodedLength);
            default -> seed == null ? body : new Sha256Checked(body, declared);
        };
    }

    private static long decodedLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new AwsException(400, "InvalidArgument", "x-amz-decoded-content-length is not a number: " + header);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst().trim();
    }

    /** A body read as sent and checked against its declared SHA-256 when it ends. */
    private static final class Sha256Checked extends FilterInputStream {
        private final MessageDigest digest = Digests.sha256();
        private final String declared;
        private boolean checked;

        Sha256Checked(InputStream in, String declared) {
            super(in);
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            } else if (n < 0 && !checked) {
                checked = true;
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(declared)) {
                    throw new PayloadRefused(new AwsException(
                            400,
                            "XAmzContentSHA256Mismatch",
                            "The provided 'x-amz-content-sha256' header does not match what was computed.",
                            Map.of("ClientComputedContentSHA256", declared, "S3ComputedContentSHA256", actual)));
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("a checked body is read, not skipped");
        }
    }
}
