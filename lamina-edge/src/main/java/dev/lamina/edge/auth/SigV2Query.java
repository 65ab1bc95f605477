package dev.lamina.edge.auth;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * S3's presigned URLs of Signature Version 2, the form boto3 still makes by default:
 * {@code ?AWSAccessKeyId=…&Expires=<epoch seconds>&Signature=<base64 HMAC-SHA1>} over
 *
 * <pre>
 * GET\n&lt;Content-MD5&gt;\n&lt;Content-Type&gt;\n&lt;Expires&gt;\n&lt;x-amz-* headers, one per line&gt;&lt;resource&gt;
 * </pre>
 *
 * where the resource is the path as sent ({@code /bucket/key}; {@code /bucket} before the path of a
 * virtual host {@code bucket.s3.…}) and the sub-resources the query names, sorted
 * ({@code ?tagging}, {@code ?uploadId=…}, {@code ?response-content-type=…}). Failures are S3's 403s.
 */
final class SigV2Query {
    private static final Set<String> SUBRESOURCES = Set.of(
            "acl",
            "cors",
            "delete",
            "lifecycle",
            "location",
            "logging",
            "notification",
            "partNumber",
            "policy",
            "requestPayment",
            "restore",
            "tagging",
            "torrent",
            "uploadId",
            "uploads",
            "versionId",
            "versioning",
            "versions",
            "website",
            "response-content-type",
            "response-content-language",
            "response-expires",
            "response-cache-control",
            "response-content-disposition",
            "response-content-encoding");

    private SigV2Query() {}

    /** Whether the query is a SigV2 presigned URL's. */
    static boolean isPresigned(String rawQuery) {
        Map<String, String> params = params(rawQuery);
        return params.containsKey("AWSAccessKeyId") && params.containsKey("Signature") && params.containsKey("Expires");
    }

    /** Returns the access key id, or throws S3's 403. */
    static String verify(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            Map<String, String> secrets,
            Instant now) {
        Map<String, String> params = params(rawQuery);
        String key = params.get("AWSAccessKeyId");
        String secret = secrets.get(key);
        if (secret == null) {
            throw new AwsException(
                    403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        }
        long expires;
        try {
            expires = Long.parseLong(params.get("Expires"));
        } catch (NumberFormatException e) {
            throw new AwsException(
                    403, "AccessDenied", "Invalid date (should be seconds since epoch): " + params.get("Expires"));
        }
        if (now.getEpochSecond() > expires) {
            throw new AwsException(403, "AccessDenied", "Request has expired");
        }
        byte[] given = Base64.getDecoder().decode(params.get("Signature").getBytes(StandardCharsets.US_ASCII));
        for (String resource : resources(rawPath, first(headers, "host"))) {
            String toSign = method + "\n" + orEmpty(first(headers, "content-md5")) + "\n"
                    + orEmpty(first(headers, "content-type")) + "\n" + expires + "\n" + amzHeaders(headers) + resource
                    + subresources(params);
            if (MessageDigest.isEqual(hmacSha1(secret, toSign), given)) {
                return key;
            }
        }
        throw new AwsException(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and"
                        + " signing method.");
    }

    /** The resource as signed path-style, and as signed for a virtual host when the Host is one. */
    private static List<String> resources(String rawPath, String host) {
        List<String> out = new ArrayList<>(2);
        out.add(rawPath);
        if (host != null) {
            String name = host.toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            name = colon >= 0 ? name.substring(0, colon) : name;
            int mark = name.lastIndexOf(".s3.");
            if (mark > 0) {
                out.add("/" + name.substring(0, mark) + rawPath);
            }
        }
        return out;
    }

    private static String amzHeaders(Map<String, List<String>> headers) {
        TreeMap<String, String> amz = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name.startsWith("x-amz-")) {
                amz.put(name, String.join(",", values.stream().map(String::trim).toList()));
            }
        });
        StringBuilder out = new StringBuilder();
        amz.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    private static String subresources(Map<String, String> params) {
        TreeMap<String, String> sub = new TreeMap<>();
        params.forEach((name, value) -> {
            if (SUBRESOURCES.contains(name)) {
                sub.put(name, value);
            }
        });
        StringBuilder out = new StringBuilder();
        sub.forEach((name, value) ->
                out.append(out.isEmpty() ? '?' : '&').append(name).append(value.isEmpty() ? "" : "=" + value));
        return out.toString();
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new TreeMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = CanonicalRequest.decode(eq < 0 ? pair : pair.substring(0, eq));
            params.putIfAbsent(name, eq < 0 ? "" : CanonicalRequest.decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static byte[] hmacSha1(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA1", e);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
