package dev.lamina.s3;

import dev.lamina.core.AwsException;
import java.util.regex.Pattern;

/**
 * S3's rules for a new bucket's name: 3 to 63 characters of lower-case letters, digits, dots and
 * hyphens, starting and ending with a letter or digit, no two dots together, not shaped like an IP
 * address, and none of the prefixes and suffixes AWS reserves.
 */
public final class BucketName {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

    private BucketName() {}

    /** Returns {@code name}, or throws S3's 400 {@code InvalidBucketName}. */
    public static String check(String name) {
        if (name == null
                || !SHAPE.matcher(name).matches()
                || name.contains("..")
                || name.contains(".-")
                || name.contains("-.")
                || IP.matcher(name).matches()
                || name.startsWith("xn--")
                || name.startsWith("sthree-")
                || name.endsWith("-s3alias")
                || name.endsWith("--ol-s3")) {
            throw new AwsException(400, "InvalidBucketName", "The specified bucket is not valid.", fields(name));
        }
        return name;
    }

    private static java.util.Map<String, String> fields(String name) {
        return name == null ? java.util.Map.of() : java.util.Map.of("BucketName", name);
    }
}
