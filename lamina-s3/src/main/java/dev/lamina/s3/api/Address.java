package dev.lamina.s3.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bucket and key a request names, path-style or virtual-host-style.
 *
 * <p>Virtual-host-style is recognised by the Host: {@code <bucket>.s3.<anything>} (the part before
 * the last {@code .s3.} label, as in AWS's {@code <bucket>.s3.<region>.amazonaws.com}), e.g.
 * {@code photos.s3.localhost:9701}; the whole path is then the key. Any other Host (an IP address,
 * {@code localhost}, {@code s3.localhost}) is path-style: {@code /<bucket>/<key>}. A key is the path
 * as sent, percent-decoded ({@code +} stays a plus), slashes and empty segments kept.
 *
 * @param bucket {@code null} for the service itself ({@code GET /}: ListBuckets)
 * @param key {@code null} for the bucket itself
 */
record Address(String bucket, String key) {
    private static final String MARK = ".s3.";

    static Address of(String host, String rawPath) {
        String bucket = virtualHostBucket(host);
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (bucket != null) {
            return new Address(bucket, path.isEmpty() ? null : decode(path));
        }
        if (path.isEmpty()) {
            return new Address(null, null);
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            return new Address(decode(path), null);
        }
        String key = path.substring(slash + 1);
        return new Address(decode(path.substring(0, slash)), key.isEmpty() ? null : decode(key));
    }

    /** The bucket a {@code <bucket>.s3.…} Host names, or {@code null}. */
    static String virtualHostBucket(String host) {
        if (host == null) {
            return null;
        }
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && name.indexOf(']') < 0) {
            name = name.substring(0, colon);
        }
        int mark = name.lastIndexOf(MARK);
        return mark <= 0 ? null : name.substring(0, mark);
    }

    private static String decode(String raw) {
        return raw.indexOf('%') < 0 ? raw : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
