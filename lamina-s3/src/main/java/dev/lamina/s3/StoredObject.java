package dev.lamina.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An object as S3 keeps it: where its bytes are, and what is returned with them.
 *
 * @param blob the SHA-256 of its content, its name in the blob store
 * @param etag S3's ETag without quotes: the content's MD5 in hex, or for a multipart upload the MD5
 *     of the parts' MD5s, a dash and the number of parts
 * @param lastModified when it was written, to the millisecond
 * @param headers what S3 returns with it as it was given: {@code Content-Type},
 *     {@code Content-Encoding}, {@code Content-Disposition}, {@code Content-Language},
 *     {@code Cache-Control}, {@code Expires}, and each {@code x-amz-meta-*} (lower-case)
 * @param version its version id: {@code null} (the text, as S3 says it) in a bucket whose versioning
 *     was never enabled or is suspended
 */
public record StoredObject(
        String bucket,
        String key,
        String blob,
        long size,
        String etag,
        Instant lastModified,
        Map<String, String> headers,
        String version) {
    /** The version id of an object written while versioning was off or suspended. */
    public static final String NULL_VERSION = "null";

    public StoredObject {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        headers = Map.copyOf(headers);
    }

    /** An object of no version ({@link #NULL_VERSION}). */
    public StoredObject(
            String bucket,
            String key,
            String blob,
            long size,
            String etag,
            Instant lastModified,
            Map<String, String> headers) {
        this(bucket, key, blob, size, etag, lastModified, headers, NULL_VERSION);
    }

    public StoredObject withVersion(String id) {
        return new StoredObject(bucket, key, blob, size, etag, lastModified, headers, id);
    }

    /** The ETag as S3 sends it, in double quotes. */
    public String quotedEtag() {
        return '"' + etag + '"';
    }
}
