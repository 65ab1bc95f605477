package dev.lamina.edge.auth;

import java.nio.charset.StandardCharsets;

/**
 * A request's checked signature and what signs the chunks of its {@code aws-chunked} body: each
 * chunk's signature chains from the one before it, the first from this one (the "seed"), and the
 * trailer's from the last chunk's.
 *
 * @param accessKeyId the key that signed the request
 * @param signature the request's signature, in lower-case hex
 * @param signingKey the day's signing key for the request's scope; never leaves the edge
 * @param amzDate the request's {@code X-Amz-Date}
 * @param scope {@code date/region/service/aws4_request}
 */
public record SeedSignature(String accessKeyId, String signature, byte[] signingKey, String amzDate, String scope) {
    private static final String CHUNK = "AWS4-HMAC-SHA256-PAYLOAD";
    private static final String TRAILER = "AWS4-HMAC-SHA256-TRAILER";

    /** The signature a chunk whose data hashes to {@code chunkSha256} (hex) must carry after {@code previous}. */
    public String chunk(String previous, String chunkSha256) {
        return sign(CHUNK + "\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + CanonicalRequest.EMPTY_SHA256
                + "\n" + chunkSha256);
    }

    /** The signature of the trailing headers whose canonical text hashes to {@code trailerSha256}. */
    public String trailer(String previous, String trailerSha256) {
        return sign(TRAILER + "\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + trailerSha256);
    }

    private String sign(String stringToSign) {
        return CanonicalRequest.hex(SigningKeys.hmac(signingKey, stringToSign));
    }

    /** The SHA-256 of {@code text} in lower-case hex. */
    static String sha256Hex(String text) {
        return CanonicalRequest.hex(CanonicalRequest.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }
}
