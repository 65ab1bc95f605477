package dev.lamina.s3.api;

import dev.lamina.core.AwsException;
import java.util.Map;

/**
 * The one byte range of a {@code Range} header that S3 serves: {@code bytes=a-b}, {@code bytes=a-},
 * {@code bytes=-n} (the last n bytes). A header S3 would not read as one range (another unit, several
 * ranges, no numbers) is ignored: the whole object is served. A range that starts past the end is S3's
 * 416 {@code InvalidRange}; one that ends past it is cut at the end.
 *
 * <p>Example, for a 10-byte object: {@code bytes=2-4} is 2..4 (3 bytes), {@code bytes=7-} is 7..9,
 * {@code bytes=-3} is 7..9, {@code bytes=8-100} is 8..9, {@code bytes=10-} is 416.
 *
 * @param first the first byte served
 * @param last the last byte served (inclusive)
 */
record ByteRange(long first, long last) {
    long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size}, for {@code Content-Range}. */
    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /** The range {@code header} asks of an object of {@code size} bytes, or {@code null} for all of it. */
    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                if (to.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    throw invalid(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null;
            }
            if (first >= size) {
                throw invalid(header, size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsException invalid(String header, long size) {
        return new AwsException(
                416,
                "InvalidRange",
                "The requested range is not satisfiable",
                Map.of("RangeRequested", header, "ActualObjectSize", Long.toString(size)));
    }
}
