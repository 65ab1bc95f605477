package dev.lamina.edge.auth;

import dev.lamina.core.AwsException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body as the AWS SDKs send it, checking it as it goes:
 *
 * <pre>
 * 10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n
 * &lt;65536 bytes&gt;\r\n
 * 0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n
 * x-amz-checksum-crc32:sOO8/Q==\r\n                      (the trailer, in the -TRAILER forms)
 * x-amz-trailer-signature:63bddb248ad2590c92712055f51b8e78ab024eead08276b24f010b0efd74843f\r\n
 * \r\n
 * </pre>
 *
 * Each chunk's signature is the HMAC of {@code AWS4-HMAC-SHA256-PAYLOAD}, the date, the scope, the
 * previous signature (the request's own for the first chunk), the empty string's hash and the
 * chunk's hash; the trailer's chains from the last chunk's over the hash of its header lines
 * ({@code name:value\n} each). A chunk's bytes reach the reader before its signature is checked, and a
 * wrong one fails the read at the chunk's end: the reader (a blob put) then keeps nothing. Unsigned
 * forms carry no {@code ;chunk-signature}. The trailing checksum, when this can compute the one named,
 * and {@code x-amz-decoded-content-length}, when sent, are checked at the end.
 */
final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;

    private final InputStream in;
    private final SeedSignature seed;
    private final boolean trailer;
    private final String checksumHeader;
    private final Digests.Running checksum;
    private final long decodedLength;
    private final MessageDigest chunkHash = Digests.sha256();
    private String previous;
    private String chunkSignature;
    private long remaining;
    private long total;
    private boolean done;

    /**
     * @param seed the request's signature, or {@code null} when chunks carry none or are not checked
     * @param trailer whether a trailer follows the last chunk
     * @param checksumHeader the trailer header the data's checksum comes in ({@code x-amz-trailer}), or
     *     {@code null}
     * @param decodedLength the decoded body's length as the request declared it, or -1
     */
    AwsChunkedInputStream(
            InputStream in, SeedSignature seed, boolean trailer, String checksumHeader, long decodedLength) {
        this.in = new BufferedInputStream(in, 64 * 1024);
        this.seed = seed;
        this.previous = seed == null ? null : seed.signature();
        this.trailer = trailer;
        this.checksumHeader =
                checksumHeader == null ? null : checksumHeader.trim().toLowerCase(Locale.ROOT);
        this.checksum = Digests.forTrailer(checksumHeader);
        this.decodedLength = decodedLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining == 0 && !done) {
            startChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw incomplete();
        }
        chunkHash.update(b, off, n);
        if (checksum != null) {
            checksum.update(b, off, n);
        }
        remaining -= n;
        total += n;
        if (remaining == 0) {
            endOfLine(readLine());
            checkChunk();
        }
        return n;
    }

    private void startChunk() throws IOException {
        String line = readLine();
        if (line == null) {
            throw incomplete();
        }
        int semicolon = line.indexOf(';');
        String size = semicolon < 0 ? line.trim() : line.substring(0, semicolon).trim();
        chunkSignature = null;
        if (semicolon >= 0) {
            String extension = line.substring(semicolon + 1).trim();
            if (extension.startsWith("chunk-signature=")) {
                chunkSignature = extension.substring("chunk-signature=".length());
            }
        }
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw refused(400, "InvalidArgument", "An aws-chunked body has a chunk whose size is not hex: " + size);
        }
        if (remaining < 0) {
            throw refused(400, "InvalidArgument", "An aws-chunked body has a negative chunk size");
        }
        if (remaining == 0) {
            checkChunk();
            if (trailer) {
                readTrailer();
            } else {
                readLine(); // the empty line that ends the body, if the client sent it
            }
            finish();
        }
    }

    /** Checks the chunk just read (its hash is in {@link #chunkHash}) against its signature. */
    private void checkChunk() throws IOException {
        String hash = HexFormat.of().formatHex(chunkHash.digest());
        if (seed == null) {
            return;
        }
        if (chunkSignature == null) {
            throw refused(403, "SignatureDoesNotMatch", "A chunk of the aws-chunked body carries no signature.");
        }
        String expected = seed.chunk(previous, hash);
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), chunkSignature.getBytes(StandardCharsets.US_ASCII))) {
            throw refused(
                    403,
                    "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided (a chunk of"
                            + " the aws-chunked body).");
        }
        previous = expected;
    }

    private void readTrailer() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        String signature = null;
        StringBuilder canonical = new StringBuilder();
        for (String line; (line = readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw refused(
                        400, "MalformedTrailerError", "The request contained trailing data that was not well-formed.");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                signature = value;
            } else {
                headers.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (seed != null) {
            String expected = seed.trailer(previous, SeedSignature.sha256Hex(canonical.toString()));
            if (signature == null
                    || !MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.US_ASCII),
                            signature.getBytes(StandardCharsets.US_ASCII))) {
                throw refused(
                        403,
                        "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided (the"
                                + " trailer of the aws-chunked body).");
            }
        }
        String sent = checksumHeader == null ? null : headers.get(checksumHeader);
        if (checksum != null && sent != null && !sent.equals(checksum.base64())) {
            String algorithm =
                    checksumHeader.substring("x-amz-checksum-".length()).toUpperCase(Locale.ROOT);
            throw refused(
                    400, "BadDigest", "The " + algorithm + " you specified did not match the calculated checksum.");
        }
    }

    private void finish() throws IOException {
        done = true;
        if (decodedLength >= 0 && decodedLength != total) {
            throw refused(
                    400,
                    "IncompleteBody",
                    "The request body has " + total + " bytes, not the " + decodedLength
                            + " that x-amz-decoded-content-length says");
        }
    }

    private static void endOfLine(String line) throws IOException {
        if (line == null || !line.isEmpty()) {
            throw refused(400, "IncompleteBody", "A chunk of the aws-chunked body does not end where its size says");
        }
    }

    /** The next line without its CRLF, or {@code null} at the end of the body. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(96);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            if (line.size() >= MAX_LINE) {
                throw refused(400, "InvalidArgument", "A line of the aws-chunked body is longer than " + MAX_LINE);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    private static PayloadRefused incomplete() {
        return refused(400, "IncompleteBody", "The request body terminated unexpectedly");
    }

    private static PayloadRefused refused(int status, String code, String message) {
        return new PayloadRefused(new AwsException(status, code, message));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
