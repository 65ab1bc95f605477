package dev.lamina.edge.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The parts of Signature Version 4's canonical request, shared by {@link SigV4} (signing) and
 * {@link SigV4Verifier} (checking), so both sides canonicalise alike. What the AWS SDK for Java v2
 * and botocore send decides each rule:
 *
 * <ul>
 *   <li>Path: every service but S3 signs the path that is on the wire (already percent-encoded)
 *       encoded once more, after removing {@code .} and {@code ..} segments and empty segments:
 *       {@code /functions/arn%3Aaws} signs as {@code /functions/arn%253Aaws}. S3 signs the path as
 *       it is.
 *   <li>Query: each {@code name=value} pair is decoded and encoded again with RFC 3986's unreserved
 *       set ({@code +} stays a plus, so it becomes {@code %2B}), then the pairs are sorted by name and,
 *       for repeated names, by value. A pair without {@code =} has an empty value.
 *   <li>Headers: names lower case, values trimmed with inner runs of whitespace made one space;
 *       a header sent several times has its values joined by commas in the order received.
 * </ul>
 */
final class CanonicalRequest {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalRequest() {}

    /** The canonical request's text; {@code canonicalHeaders} ends with a newline per header. */
    static String of(
            String method,
            String canonicalUri,
            String canonicalQuery,
            String canonicalHeaders,
            String signedHeaders,
            String payloadHash) {
        return method
                + '\n'
                + canonicalUri
                + '\n'
                + canonicalQuery
                + '\n'
                + canonicalHeaders
                + '\n'
                + signedHeaders
                + '\n'
                + payloadHash;
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /** The canonical URI of a raw (as sent, percent-encoded) path; {@code s3} signs it unchanged. */
    static String uri(String rawPath, boolean s3) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return s3 ? rawPath : encode(removeDotSegments(rawPath), true);
    }

    /**
     * RFC 3986's dot-segment removal, which also drops empty segments as the SDKs' path normalising
     * does: {@code /a//b/./c/../d/} becomes {@code /a/b/d/}.
     */
    static String removeDotSegments(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
            } else {
                out.add(segment);
            }
        }
        String joined = String.join("/", out);
        String lead = path.startsWith("/") ? "/" : "";
        String trail = path.endsWith("/") && !out.isEmpty() ? "/" : "";
        return lead + joined + trail;
    }

    /**
     * The canonical query of a raw query string ({@code null} or empty: none). With
     * {@code withoutSignature}, the {@code X-Amz-Signature} pair of a presigned URL is left out.
     */
    static String query(String rawQuery, boolean withoutSignature) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = encode(decode(eq < 0 ? pair : pair.substring(0, eq)), false);
            String value = eq < 0 ? "" : encode(decode(pair.substring(eq + 1)), false);
            if (withoutSignature && name.equals("X-Amz-Signature")) {
                continue;
            }
            pairs.add(new String[] {name, value});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /**
     * The canonical headers block for {@code signedHeaders} (lower-case names, in the order given),
     * taking values from {@code headers} (keyed by lower-case name). A signed header that is absent
     * canonicalises with an empty value, so the signature cannot match unless it was signed so.
     */
    static String headers(List<String> signedHeaders, Map<String, List<String>> headers) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            sb.append(name).append(':');
            List<String> values = headers.get(name);
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendTrimmed(sb, values.get(i));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Appends {@code value} without leading or trailing whitespace, each inner run made one space. */
    private static void appendTrimmed(StringBuilder sb, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.append(c);
                started = true;
            }
        }
    }

    /** Percent-encodes all but RFC 3986's unreserved characters (and {@code /} when {@code keepSlash}). */
    static String encode(String s, boolean keepSlash) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unreserved(c) && !(keepSlash && c == '/')) {
                sb = new StringBuilder(s.length() + 16);
                break;
            }
        }
        if (sb == null) {
            return s; // the common case: nothing to encode
        }
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c) || keepSlash && c == '/') {
                sb.append(c);
            } else {
                sb.append('%').append(HEX.toHexDigits(b).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return sb.toString();
    }

    private static boolean unreserved(char c) {
        return c >= 'A' && c <= 'Z'
                || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9'
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    /** Decodes {@code %XX} escapes (a {@code +} stays a plus); a malformed escape is kept as it is. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Character.digit(s.charAt(i + 1), 16) << 4 | Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                int next = s.indexOf('%', i + 1);
                int end = next < 0 ? s.length() : next;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static byte[] sha256(byte[] data) {
        return Digests.sha256().digest(data);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
