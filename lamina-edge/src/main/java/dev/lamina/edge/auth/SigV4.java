package dev.lamina.edge.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS Signature Version 4, the signing side: the headers that sign a request (what Lamina's command
 * line and the benchmarks send), and presigned URLs (the node's own {@code Code.Location} links).
 * {@link SigV4Verifier} checks both forms with the same {@link CanonicalRequest}.
 */
public final class SigV4 {
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The longest a presigned URL may be valid: seven days, as on AWS. */
    public static final Duration MAX_PRESIGNED_VALIDITY = Duration.ofDays(7);

    private SigV4() {}

    /**
     * An access key: its id, its secret and, for temporary credentials, a session token (else
     * {@code null}). {@link #toString()} does not show the secret.
     */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        public Credentials {
            if (accessKeyId == null || accessKeyId.isBlank() || accessKeyId.contains("/")) {
                throw new IllegalArgumentException("An access key id must be non-empty and without '/'");
            }
            if (secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("A secret access key must be non-empty");
            }
        }

        public Credentials(String accessKeyId, String secretAccessKey) {
            this(accessKeyId, secretAccessKey, null);
        }

        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
        }
    }

    /**
     * The headers to add to a request: {@code X-Amz-Date}, {@code Authorization} and, with a session
     * token, {@code X-Amz-Security-Token}. {@code headers} are the other headers to sign; {@code host}
     * is taken from {@code uri}.
     */
    public static Map<String, String> sign(
            String method,
            URI uri,
            Map<String, String> headers,
            byte[] body,
            Credentials credentials,
            String region,
            String service,
            Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        TreeMap<String, List<String>> signed = new TreeMap<>();
        headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), List.of(v)));
        signed.put("host", List.of(host(uri)));
        signed.put("x-amz-date", List.of(amzDate));
        if (credentials.sessionToken() != null) {
            signed.put("x-amz-security-token", List.of(credentials.sessionToken()));
        }
        List<String> names = new ArrayList<>(signed.keySet());
        String signedHeaders = String.join(";", names);
        String canonical = CanonicalRequest.of(
                method,
                CanonicalRequest.uri(uri.getRawPath(), service.equals("s3")),
                CanonicalRequest.query(uri.getRawQuery(), false),
                CanonicalRequest.headers(names, signed),
                signedHeaders,
                CanonicalRequest.hex(CanonicalRequest.sha256(body)));
        String signature = signature(credentials, amzDate, region, service, scope, canonical);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("X-Amz-Date", amzDate);
        if (credentials.sessionToken() != null) {
            out.put("X-Amz-Security-Token", credentials.sessionToken());
        }
        out.put(
                "Authorization",
                CanonicalRequest.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                        + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return out;
    }

    /**
     * {@code uri} with the query parameters that make it a presigned request without a body, valid
     * for {@code validity} from {@code now}; only its {@code host} header is signed.
     */
    public static URI presign(
            String method,
            URI uri,
            Credentials credentials,
            String region,
            String service,
            Instant now,
            Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_PRESIGNED_VALIDITY) > 0) {
            throw new IllegalArgumentException("A presigned URL is valid for 1 s to 7 days, not " + validity);
        }
        String amzDate = AMZ_DATE.format(now);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            query.append(uri.getRawQuery()).append('&');
        }
        query.append("X-Amz-Algorithm=").append(CanonicalRequest.ALGORITHM);
        query.append("&X-Amz-Credential=")
                .append(CanonicalRequest.encode(credentials.accessKeyId() + "/" + scope, false));
        query.append("&X-Amz-Date=").append(amzDate);
        query.append("&X-Amz-Expires=").append(validity.toSeconds());
        if (credentials.sessionToken() != null) {
            query.append("&X-Amz-Security-Token=").append(CanonicalRequest.encode(credentials.sessionToken(), false));
        }
        query.append("&X-Amz-SignedHeaders=host");
        String canonical = CanonicalRequest.of(
                method,
                CanonicalRequest.uri(uri.getRawPath(), service.equals("s3")),
                CanonicalRequest.query(query.toString(), false),
                CanonicalRequest.headers(List.of("host"), Map.of("host", List.of(host(uri)))),
                "host",
                CanonicalRequest.EMPTY_SHA256);
        String signature = signature(credentials, amzDate, region, service, scope, canonical);
        String base = uri.toString();
        int cut = base.indexOf('?');
        return URI.create((cut < 0 ? base : base.substring(0, cut)) + "?" + query + "&X-Amz-Signature=" + signature);
    }

    private static String signature(
            Credentials credentials, String amzDate, String region, String service, String scope, String canonical) {
        byte[] key = SigningKeys.derive(credentials.secretAccessKey(), amzDate.substring(0, 8), region, service);
        return CanonicalRequest.hex(SigningKeys.hmac(key, CanonicalRequest.stringToSign(amzDate, scope, canonical)));
    }

    private static String host(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    static String encodePath(String rawPath) {
        return CanonicalRequest.uri(rawPath, false);
    }
}
