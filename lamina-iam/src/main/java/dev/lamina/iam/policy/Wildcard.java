package dev.lamina.iam.policy;

/**
 * IAM's wildcards in an action or a resource ARN: {@code *} matches any run of characters (none
 * included), {@code ?} exactly one; every other character matches itself. Actions compare without
 * regard to case, ARNs with it.
 *
 * <p>Worked example: {@code s3:Get*} matches {@code s3:GetObject} and {@code S3:getobject} (as an
 * action); {@code arn:aws:s3:::photos/*} matches {@code arn:aws:s3:::photos/a/b.jpg} but not
 * {@code arn:aws:s3:::photos} nor {@code arn:aws:s3:::Photos/a}; {@code arn:aws:sqs:*:*:jobs-?}
 * matches {@code arn:aws:sqs:us-east-1:000000000000:jobs-1}.
 *
 * <p>The match walks both strings once, remembering the last {@code *} to retry from (the classic
 * greedy glob): linear in practice, at worst their lengths' product. No regular expression, so no
 * character in a pattern is special but the two wildcards. Policy variables such as
 * {@code ${aws:username}} are not substituted: they match themselves.
 */
public final class Wildcard {
    private Wildcard() {}

    /** Whether {@code value} matches {@code pattern}, case-sensitively (resource ARNs). */
    public static boolean matches(String pattern, String value) {
        return matches(pattern, value, false);
    }

    /** Whether {@code value} matches {@code pattern} without regard to case (actions). */
    public static boolean matchesIgnoringCase(String pattern, String value) {
        return matches(pattern, value, true);
    }

    private static boolean matches(String pattern, String value, boolean ignoreCase) {
        int p = 0;
        int v = 0;
        int star = -1; // where the last '*' was in the pattern
        int resume = 0; // where in the value that '*' would take up matching again
        while (v < value.length()) {
            if (p < pattern.length()
                    && (pattern.charAt(p) == '?' || same(pattern.charAt(p), value.charAt(v), ignoreCase))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
