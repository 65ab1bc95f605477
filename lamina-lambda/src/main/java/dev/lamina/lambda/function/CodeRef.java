package dev.lamina.lambda.function;

/** A stored code package: SHA-256 as hex (its file name) and as base64 (Lambda's CodeSha256), and its size. */
public record CodeRef(String sha256Hex, String sha256Base64, long size) {
    public CodeRef {
        if (sha256Hex == null || sha256Hex.length() != 64) {
            throw new IllegalArgumentException("sha256Hex must be 64 hex characters");
        }
    }
}
