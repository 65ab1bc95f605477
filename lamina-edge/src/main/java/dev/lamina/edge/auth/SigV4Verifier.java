package dev.lamina.edge.auth;

import dev.lamina.core.AwsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks AWS Signature Version 4 on a received request, in either form: the {@code Authorization}
 * header, or a presigned URL's {@code X-Amz-*} query parameters. It recomputes the signature from
 * the request as received, with the secret of the access key the request names, and compares in
 * constant time.
 *
 * <p>The payload is the body's SHA-256, as on every AWS API. Only a service that takes it as S3 does
 * (its caller says so) lets {@code x-amz-content-sha256} declare it: the body's SHA-256 (checked
 * against the body) or {@code UNSIGNED-PAYLOAD} (the body is then not covered by the signature).
 * Elsewhere that header is an ordinary header, and a request signed with {@code UNSIGNED-PAYLOAD}
 * fails as any signature over other bytes does, as on AWS (a Lambda or Logs body is always
 * authenticated). The date ({@code X-Amz-Date}) must be within {@link #MAX_SKEW} of the node's
 * clock, or for a presigned URL, not past its {@code X-Amz-Expires}. The credential scope must name
 * the node's region and the service the request was routed to. A long-term key's request may carry a
 * session token, which is ignored; a temporary key ({@link SessionKeys}) is accepted only with its own
 * token ({@code X-Amz-Security-Token}, header or query) and only until it is revoked.
 *
 * <p>Failures are 403s in AWS's shape and words: {@code MissingAuthenticationTokenException} (not
 * signed), {@code IncompleteSignatureException} (signed but malformed), {@code
 * UnrecognizedClientException} (unknown access key), {@code InvalidSignatureException} (wrong
 * signature, or a stale date). Thread-safe; called on each request's own thread.
 */
public final class SigV4Verifier {
    /** How far the request's date may be from the node's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, String> secrets = new HashMap<>();
    private final SessionKeys sessions;
    private final String region;
    private final Clock clock;
    private final SigningKeys signingKeys = new SigningKeys();

    /**
     * Accepts requests signed with any of {@code keys}, or with a live set of {@code sessions}, for
     * {@code region}, the node's.
     */
    public SigV4Verifier(List<SigV4.Credentials> keys, SessionKeys sessions, String region, Clock clock) {
        for (SigV4.Credentials key : keys) {
            secrets.put(key.accessKeyId(), key.secretAccessKey());
        }
        this.sessions = sessions;
        this.region = region;
        this.clock = clock;
    }

    /** What a request claims about its signature, from its header or its query. */
    private record Claim(
            String accessKeyId,
            String scopeDate,
            String region,
            String service,
            String terminator,
            String amzDate,
            List<String> signedHeaders,
            String signature,
            long expiresSeconds) {
        boolean presigned() {
            return expiresSeconds >= 0;
        }

        String scope() {
            return scopeDate + "/" + region + "/" + service + "/" + terminator;
        }
    }

    /**
     * Returns the access key id that signed the request, or throws a 403 {@link AwsException}.
     *
     * @param rawPath the path as received, still percent-encoded
     * @param rawQuery the query as received, or {@code null}
     * @param headers the headers by lower-case name, each with its values in the order received
     * @param service the signing name the request must be scoped to, e.g. {@code lambda}
     * @param unsignedPayload whether {@code x-amz-content-sha256} may declare the payload (S3)
     */
    public String verify(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String service,
            boolean unsignedPayload) {
        Claim claim = claim(rawQuery, headers);
        String payload = unsignedPayload
                ? declaredPayloadHash(first(headers, "x-amz-content-sha256"), body, claim.presigned())
                : bodyHash(body);
        return check(claim, method, rawPath, rawQuery, headers, service, payload)
                .accessKeyId();
    }

    /**
     * Checks the signature of a request whose body is still to come (S3's uploads), taking the
     * payload's hash as {@code x-amz-content-sha256} declares it: a SHA-256 (the caller checks the body
     * against it as it arrives), {@code UNSIGNED-PAYLOAD}, or one of the {@code STREAMING-…} forms of an
     * {@code aws-chunked} body (whose chunks the returned seed checks). A presigned URL's payload is
     * unsigned. Throws as {@link #verify} does, and a 400 when the header is missing from a request
     * signed in its {@code Authorization} header, as S3 does.
     */
    public SeedSignature verifyStreamed(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String service) {
        Claim claim = claim(rawQuery, headers);
        String declared = first(headers, "x-amz-content-sha256");
        String payload;
        if (declared == null) {
            if (!claim.presigned()) {
                throw new AwsException(
                        400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
            }
            payload = UNSIGNED_PAYLOAD;
        } else if (declared.equals(UNSIGNED_PAYLOAD)
                || SHA256_HEX.matcher(declared).matches()
                || StreamingPayload.isStreaming(declared)) {
            payload = declared;
        } else {
            throw new AwsException(
                    400,
                    "InvalidArgument",
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a SHA-256 in lower-case hex,"
                            + " or a supported STREAMING-* value; got '" + declared + "'.");
        }
        return check(claim, method, rawPath, rawQuery, headers, service, payload);
    }

    /** Whether the query is an S3 presigned URL of Signature Version 2 ({@code AWSAccessKeyId}, {@code Signature}). */
    public static boolean isSigV2Query(String rawQuery) {
        return rawQuery != null && rawQuery.contains("AWSAccessKeyId=") && SigV2Query.isPresigned(rawQuery);
    }

    /**
     * Checks an S3 presigned URL of Signature Version 2 (boto3's default form; see {@link SigV2Query}):
     * returns the access key id, or throws S3's 403. Its payload is never signed.
     */
    public String verifySigV2Query(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
        return SigV2Query.verify(method, rawPath, rawQuery, headers, secrets, clock.instant());
    }

    /**
     * The principal the temporary key {@code accessKeyId} acts for, or {@code null} for one of the
     * node's keys; a 403 {@code UnrecognizedClientException} for a key neither (a temporary key
     * revoked since it signed).
     */
    public String principal(String accessKeyId) {
        if (accessKeyId == null || secrets.containsKey(accessKeyId)) {
            return null;
        }
        SessionKeys.Session session = sessions.find(accessKeyId);
        if (session == null) {
            throw new AwsException(
                    403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        return session.principal();
    }

    private Claim claim(String rawQuery, Map<String, List<String>> headers) {
        return queryParam(rawQuery, "X-Amz-Signature") != null
                ? fromQuery(rawQuery)
                : fromHeader(first(headers, "authorization"), first(headers, "x-amz-date"));
    }

    private SeedSignature check(
            Claim claim,
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            String service,
            String payloadHash) {
        checkScope(claim, service);
        checkDate(claim);
        String secret = secret(claim.accessKeyId(), rawQuery, headers);
        String canonical = CanonicalRequest.of(
                method,
                CanonicalRequest.uri(rawPath, service.equals("s3")),
                CanonicalRequest.query(rawQuery, claim.presigned()),
                CanonicalRequest.headers(claim.signedHeaders(), headers),
                String.join(";", claim.signedHeaders()),
                payloadHash);
        String stringToSign = CanonicalRequest.stringToSign(claim.amzDate(), claim.scope(), canonical);
        SigningKeys.Keyed key = signingKeys.key(secret, claim.scopeDate(), claim.region(), claim.service());
        String expected = CanonicalRequest.hex(key.sign(stringToSign));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), claim.signature().getBytes(StandardCharsets.UTF_8))) {
            throw invalidSignature("The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method. Consult the service documentation for"
                    + " details.\n\nThe Canonical String for this request should have been\n'" + canonical
                    + "'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n");
        }
        return new SeedSignature(claim.accessKeyId(), expected, key.key(), claim.amzDate(), claim.scope());
    }

    /** The secret of the key that signed, if it is one of the node's or a live temporary one with its token. */
    private String secret(String accessKeyId, String rawQuery, Map<String, List<String>> headers) {
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            SessionKeys.Session session = sessions.find(accessKeyId);
            String token = first(headers, "x-amz-security-token");
            if (token == null) {
                token = queryParam(rawQuery, "X-Amz-Security-Token");
            }
            if (session != null && session.carries(token)) {
                secret = session.secret();
            }
        }
        if (secret == null) {
            throw new AwsException(
                    403, "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        return secret;
    }

    private static Claim fromHeader(String authorization, String amzDate) {
        if (authorization == null) {
            throw new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Map<String, String> parts = new HashMap<>();
        String rest = authorization.startsWith(CanonicalRequest.ALGORITHM + " ")
                ? authorization.substring(CanonicalRequest.ALGORITHM.length() + 1)
                : "";
        for (String part : rest.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (parts.get(name) == null || parts.get(name).isEmpty()) {
                missing.add("Authorization header requires '" + name + "' parameter.");
            }
        }
        if (amzDate == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) {
            throw incomplete(String.join(" ", missing) + " Authorization=" + authorization);
        }
        return claim(parts.get("Credential"), amzDate, parts.get("SignedHeaders"), parts.get("Signature"), -1);
    }

    private static Claim fromQuery(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.putIfAbsent(
                        CanonicalRequest.decode(pair.substring(0, eq)),
                        CanonicalRequest.decode(pair.substring(eq + 1)));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders")) {
            if (params.get(name) == null || params.get(name).isEmpty()) {
                missing.add("AWS query-string parameters must include '" + name + "'.");
            }
        }
        if (!missing.isEmpty()) {
            throw incomplete(String.join(" ", missing) + " Re-examine the query-string parameters.");
        }
        if (!params.get("X-Amz-Algorithm").equals(CanonicalRequest.ALGORITHM)) {
            throw incomplete("Unsupported AWS 'algorithm': '" + params.get("X-Amz-Algorithm") + "'.");
        }
        long expires;
        try {
            expires = Long.parseLong(params.getOrDefault("X-Amz-Expires", "900"));
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expires < 1 || expires > SigV4.MAX_PRESIGNED_VALIDITY.toSeconds()) {
            throw incomplete("X-Amz-Expires must be a number of seconds from 1 to "
                    + SigV4.MAX_PRESIGNED_VALIDITY.toSeconds() + ", not '" + params.get("X-Amz-Expires") + "'.");
        }
        return claim(
                params.get("X-Amz-Credential"),
                params.get("X-Amz-Date"),
                params.get("X-Amz-SignedHeaders"),
                params.get("X-Amz-Signature"),
                expires);
    }

    private static Claim claim(
            String credential, String amzDate, String signedHeaders, String signature, long expires) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + credential + "'");
        }
        return new Claim(
                scope[0],
                scope[1],
                scope[2],
                scope[3],
                scope[4],
                amzDate,
                Arrays.asList(signedHeaders.split(";")),
                signature,
                expires);
    }

    /** AWS names every wrong part of the scope at once: region, then service, each sentence ending in a space. */
    private void checkScope(Claim claim, String service) {
        if (!claim.terminator().equals("aws4_request")) {
            throw invalidSignature("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + claim.terminator() + "'.");
        }
        String wrong = (claim.region().equals(region) ? "" : "Credential should be scoped to a valid region. ")
                + (claim.service().equals(service)
                        ? ""
                        : "Credential should be scoped to correct service: '" + service + "'. ");
        if (!wrong.isEmpty()) {
            throw invalidSignature(wrong);
        }
        if (!claim.signedHeaders().contains("host")) {
            throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    /** The request's date must be the scope's day and within {@link #MAX_SKEW} (or before expiry). */
    private void checkDate(Claim claim) {
        Instant signedAt;
        try {
            signedAt = signedAt(claim.amzDate());
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + claim.amzDate()
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        if (!claim.amzDate().startsWith(claim.scopeDate())) {
            throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                    + " HTTP: '" + claim.scopeDate() + "' != '"
                    + claim.amzDate().substring(0, 8) + "', from '"
                    + claim.amzDate() + "'.");
        }
        Instant now = clock.instant();
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalidSignature("Signature not yet current: " + claim.amzDate() + " is still later than "
                    + SigV4.AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + SigV4.AMZ_DATE.format(now) + " + 15 min.)");
        }
        Duration window = claim.presigned() ? Duration.ofSeconds(claim.expiresSeconds()) : MAX_SKEW;
        if (signedAt.isBefore(now.minus(window))) {
            String span = claim.presigned() ? claim.expiresSeconds() + " sec." : "15 min.";
            throw invalidSignature("Signature expired: " + claim.amzDate() + " is now earlier than "
                    + SigV4.AMZ_DATE.format(now.minus(window)) + " (" + SigV4.AMZ_DATE.format(now) + " - " + span
                    + ")");
        }
    }

    /** A signed date in memory: the requests of one second mostly carry the same one. */
    private record ParsedDate(String text, Instant at) {}

    /** The last date parsed; a race between callers costs only a parse. */
    private volatile ParsedDate lastDate;

    /** {@code amzDate} as an instant, parsed once per distinct value in a row. */
    private Instant signedAt(String amzDate) {
        ParsedDate last = lastDate;
        if (last != null && last.text().equals(amzDate)) {
            return last.at();
        }
        Instant at = SigV4.AMZ_DATE.parse(amzDate, Instant::from);
        lastDate = new ParsedDate(amzDate, at);
        return at;
    }

    private static String bodyHash(byte[] body) {
        return CanonicalRequest.hex(CanonicalRequest.sha256(body));
    }

    private static String declaredPayloadHash(String declared, byte[] body, boolean presigned) {
        if (declared == null) {
            // a presigned URL signs no payload (S3's rule); a header-signed request its body's hash
            return presigned ? UNSIGNED_PAYLOAD : bodyHash(body);
        }
        if (declared.equals(UNSIGNED_PAYLOAD)) {
            return declared;
        }
        if (!SHA256_HEX.matcher(declared).matches()) {
            throw invalidSignature("x-amz-content-sha256 must be the body's SHA-256 in lower-case hex, or "
                    + UNSIGNED_PAYLOAD + "; got '" + declared + "'.");
        }
        byte[] actual = CanonicalRequest.hex(CanonicalRequest.sha256(body)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(actual, declared.getBytes(StandardCharsets.US_ASCII))) {
            throw invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return declared;
    }

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return CanonicalRequest.decode(pair.substring(name.length() + 1));
            }
        }
        return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static AwsException invalidSignature(String message) {
        return new AwsException(403, "InvalidSignatureException", message);
    }

    private static AwsException incomplete(String message) {
        return new AwsException(403, "IncompleteSignatureException", message);
    }
}
