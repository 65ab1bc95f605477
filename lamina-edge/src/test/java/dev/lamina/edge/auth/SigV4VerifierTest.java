package dev.lamina.edge.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The verifier against requests signed by botocore (the AWS CLI v2's own signer, run once by hand
 * at {@link #SIGNED_AT}; its signatures are pasted below) and by {@link SigV4}, and against each way
 * a request can be wrongly signed.
 */
class SigV4VerifierTest {
    static final SigV4.Credentials KEY =
            new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static final SessionKeys SESSIONS = new SessionKeys(new java.util.Random(7));
    static final Instant SIGNED_AT = Instant.parse("2026-11-27T03:10:01Z");
    static final String HOST = "127.0.0.1:9701";

    final SigV4Verifier verifier = verifierAt(SIGNED_AT.plusSeconds(30));

    static SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(List.of(KEY), SESSIONS, "us-east-1", Clock.fixed(now, ZoneOffset.UTC));
    }

    static Map<String, List<String>> botocoreHeaders(String signedHeaders, String signature) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of(HOST));
        headers.put("x-amz-date", List.of("20261127T031001Z"));
        headers.put(
                "authorization",
                List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/lambda/aws4_request, SignedHeaders="
                        + signedHeaders + ", Signature=" + signature));
        return headers;
    }

    @Test
    void botocoreDoubleEncodesAnArnInThePath() {
        var headers =
                botocoreHeaders("host;x-amz-date", "8318b5dd468772544e7499d44a900807c47249c392183b9c614b25e25c86a51d");
        assertEquals(
                "AKIDEXAMPLE",
                verifier.verify(
                        "GET",
                        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af",
                        "Qualifier=%24LATEST",
                        headers,
                        new byte[0],
                        "lambda",
                        false));
    }

    @Test
    void botocoreSortsTheQueryByNameThenValue() {
        var headers =
                botocoreHeaders("host;x-amz-date", "b8b2cd232a4fc09cd80fe27df77e343084a41aafacd0145dcf81606e833d76c7");
        verifier.verify(
                "GET",
                "/2015-03-31/functions/",
                "b=2&a-b=1&a=3&a=1&sp=x%20y&plus=x%2By&tilde=~",
                headers,
                new byte[0],
                "lambda",
                false);
    }

    @Test
    void botocoreTrimsHeaderValuesAndSignsTheBody() {
        var headers = botocoreHeaders(
                "content-type;host;x-amz-date;x-amz-log-type;x-custom",
                "76dc67f775140e4df0d27c70ffc025ee4bc5b878347f09818a8b1ac78740d2e4");
        headers.put("content-type", List.of("application/json"));
        headers.put("x-amz-log-type", List.of("  Tail  "));
        headers.put("x-custom", List.of("a   b\tc"));
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        verifier.verify("POST", "/2015-03-31/functions/f/invocations", null, headers, body, "lambda", false);
        AwsException e = refused(
                "InvalidSignatureException",
                () -> verifier.verify(
                        "POST",
                        "/2015-03-31/functions/f/invocations",
                        null,
                        headers,
                        "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                        "lambda",
                        false));
        assertTrue(e.getMessage().startsWith("The request signature we calculated does not match"), e.getMessage());
    }

    @Test
    void botocoreRemovesDotSegmentsAndEncodesUtf8() {
        var headers =
                botocoreHeaders("host;x-amz-date", "5fe9137a283621c890e8183e33c99baa1ba2aae48c806d4fda23fc863e8a27d7");
        verifier.verify(
                "GET",
                "/2015-03-31/functions/caf%C3%A9/./x/../configuration",
                null,
                headers,
                new byte[0],
                "lambda",
                false);
    }

    @Test
    void botocorePresignedUrl() {
        String query = "x=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261127%2Fus-east-1"
                + "%2Flambda%2Faws4_request&X-Amz-Date=20261127T031001Z&X-Amz-Expires=600&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=0c952b3fb3dc5ff68a800c0b95ffb11f75cb4d15662ab4179317c7fcc107b479";
        Map<String, List<String>> headers = Map.of("host", List.of(HOST));
        verifier.verify("GET", "/_lamina/code/abc", query, headers, new byte[0], "lambda", false);
        refused(
                "InvalidSignatureException",
                () -> verifier.verify("GET", "/_lamina/code/abd", query, headers, new byte[0], "lambda", false));
        refused(
                "InvalidSignatureException",
                () -> verifier.verify(
                        "GET",
                        "/_lamina/code/abc",
                        query.replace("x=1", "x=2"),
                        headers,
                        new byte[0],
                        "lambda",
                        false));
        AwsException late = refused(
                "InvalidSignatureException",
                () -> verifierAt(SIGNED_AT.plusSeconds(601))
                        .verify("GET", "/_lamina/code/abc", query, headers, new byte[0], "lambda", false));
        assertTrue(late.getMessage().startsWith("Signature expired: 20261127T031001Z is now earlier than"));
    }

    @Test
    void ownPresignedUrlsVerify() {
        URI url = SigV4.presign(
                "GET",
                URI.create("http://" + HOST + "/_lamina/code/" + "a".repeat(64)),
                KEY,
                "us-east-1",
                "lambda",
                SIGNED_AT,
                Duration.ofMinutes(10));
        Map<String, List<String>> headers = Map.of("host", List.of(HOST));
        verifier.verify("GET", url.getRawPath(), url.getRawQuery(), headers, new byte[0], "lambda", false);
        refused(
                "InvalidSignatureException",
                () -> verifier.verify(
                        "GET",
                        url.getRawPath(),
                        url.getRawQuery(),
                        Map.of("host", List.of("other:1")),
                        new byte[0],
                        "lambda",
                        false));
    }

    /** Signs with {@link SigV4} at {@code at} with {@code key}, for {@code service}. */
    static Map<String, List<String>> signed(SigV4.Credentials key, Instant at, byte[] body, String service) {
        return signed(key, at, body, "us-east-1", service);
    }

    static Map<String, List<String>> signed(
            SigV4.Credentials key, Instant at, byte[] body, String region, String service) {
        Map<String, String> extra = Map.of("Content-Type", "application/json");
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of(HOST));
        headers.put("content-type", List.of("application/json"));
        SigV4.sign(
                        "POST",
                        URI.create("http://" + HOST + "/2015-03-31/functions/f/invocations"),
                        extra,
                        body,
                        key,
                        region,
                        service,
                        at)
                .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
        return headers;
    }

    String verifySigned(Map<String, List<String>> headers, byte[] body) {
        return verifySigned(headers, body, false);
    }

    String verifySigned(Map<String, List<String>> headers, byte[] body, boolean unsignedPayload) {
        return verifier.verify(
                "POST", "/2015-03-31/functions/f/invocations", null, headers, body, "lambda", unsignedPayload);
    }

    @Test
    void aTemporaryKeyCountsWithItsOwnTokenUntilRevoked() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        var issued = SESSIONS.issue("arn:aws:iam::000000000000:role/r");
        assertTrue(issued.accessKeyId().matches("ASIA[A-Z2-7]{16}"), issued.accessKeyId());
        var key = new SigV4.Credentials(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken());
        assertEquals(issued.accessKeyId(), verifySigned(signed(key, SIGNED_AT, body, "lambda"), body));

        var withoutToken = signed(
                new SigV4.Credentials(issued.accessKeyId(), issued.secretAccessKey()), SIGNED_AT, body, "lambda");
        refused("UnrecognizedClientException", () -> verifySigned(withoutToken, body));
        var otherToken = signed(
                new SigV4.Credentials(issued.accessKeyId(), issued.secretAccessKey(), issued.sessionToken() + "x"),
                SIGNED_AT,
                body,
                "lambda");
        refused("UnrecognizedClientException", () -> verifySigned(otherToken, body));

        SESSIONS.revoke(issued.accessKeyId());
        refused("UnrecognizedClientException", () -> verifySigned(signed(key, SIGNED_AT, body, "lambda"), body));
        assertEquals(
                "AKIDEXAMPLE", verifySigned(signed(KEY, SIGNED_AT, body, "lambda"), body), "others' keys still count");
    }

    @Test
    void wrongKeysAndScopes() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals("AKIDEXAMPLE", verifySigned(signed(KEY, SIGNED_AT, body, "lambda"), body));
        refused(
                "InvalidSignatureException",
                () -> verifySigned(
                        signed(new SigV4.Credentials("AKIDEXAMPLE", "wrong"), SIGNED_AT, body, "lambda"), body));
        AwsException unknown = refused(
                "UnrecognizedClientException",
                () -> verifySigned(signed(new SigV4.Credentials("AKIDOTHER", "x"), SIGNED_AT, body, "lambda"), body));
        assertEquals("The security token included in the request is invalid.", unknown.getMessage());
        AwsException service =
                refused("InvalidSignatureException", () -> verifySigned(signed(KEY, SIGNED_AT, body, "logs"), body));
        assertEquals("Credential should be scoped to correct service: 'lambda'. ", service.getMessage());
        AwsException region = refused(
                "InvalidSignatureException",
                () -> verifySigned(signed(KEY, SIGNED_AT, body, "eu-west-1", "lambda"), body));
        assertEquals("Credential should be scoped to a valid region. ", region.getMessage());
        AwsException both = refused(
                "InvalidSignatureException",
                () -> verifySigned(signed(KEY, SIGNED_AT, body, "eu-west-1", "logs"), body));
        assertEquals(
                "Credential should be scoped to a valid region. "
                        + "Credential should be scoped to correct service: 'lambda'. ",
                both.getMessage());
    }

    @Test
    void datesOutsideFifteenMinutes() {
        byte[] body = new byte[0];
        verifySigned(signed(KEY, SIGNED_AT.minus(Duration.ofMinutes(14)), body, "lambda"), body);
        AwsException old = refused(
                "InvalidSignatureException",
                () -> verifySigned(signed(KEY, SIGNED_AT.minus(Duration.ofMinutes(20)), body, "lambda"), body));
        assertEquals(
                "Signature expired: 20261127T025001Z is now earlier than 20261127T025531Z (20261127T031031Z - 15 min.)",
                old.getMessage());
        AwsException future = refused(
                "InvalidSignatureException",
                () -> verifySigned(signed(KEY, SIGNED_AT.plus(Duration.ofMinutes(20)), body, "lambda"), body));
        assertTrue(future.getMessage().startsWith("Signature not yet current: 20261127T033001Z"), future.getMessage());
    }

    @Test
    void declaredPayloadHashes() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of(HOST));
        headers.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
        URI uri = URI.create("http://" + HOST + "/2015-03-31/functions/f/invocations");
        // SigV4 hashes the body it is given; an unsigned payload signs the literal instead, as S3's clients do
        String canonical = CanonicalRequest.of(
                "POST",
                CanonicalRequest.uri(uri.getRawPath(), false),
                "",
                "host:" + HOST + "\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20261127T031001Z\n",
                "host;x-amz-content-sha256;x-amz-date",
                "UNSIGNED-PAYLOAD");
        String signature = CanonicalRequest.hex(SigningKeys.hmac(
                SigningKeys.derive(KEY.secretAccessKey(), "20261127", "us-east-1", "lambda"),
                CanonicalRequest.stringToSign(
                        "20261127T031001Z", "20261127/us-east-1/lambda/aws4_request", canonical)));
        headers.putAll(botocoreHeaders("host;x-amz-content-sha256;x-amz-date", signature));
        // where the service takes it (S3), the literal leaves the body out of the signature
        assertEquals("AKIDEXAMPLE", verifySigned(headers, body, true));
        assertEquals("AKIDEXAMPLE", verifySigned(headers, "anything".getBytes(StandardCharsets.UTF_8), true));
        // elsewhere (Lambda, Logs) the body is signed: the literal is a plain mismatch naming the body's hash
        AwsException unsigned = refused("InvalidSignatureException", () -> verifySigned(headers, body));
        assertTrue(
                unsigned.getMessage().startsWith("The request signature we calculated does not match"),
                unsigned.getMessage());
        String canonicalShown =
                unsigned.getMessage().split("should have been\n'")[1].split("'")[0];
        assertTrue(canonicalShown.endsWith(CanonicalRequest.hex(CanonicalRequest.sha256(body))), unsigned.getMessage());

        Map<String, List<String>> declared = signed(KEY, SIGNED_AT, body, "lambda");
        declared.put("x-amz-content-sha256", List.of(CanonicalRequest.hex(CanonicalRequest.sha256(body))));
        AwsException mismatch = refused(
                "InvalidSignatureException",
                () -> verifySigned(declared, "{ }".getBytes(StandardCharsets.UTF_8), true));
        assertEquals(
                "The provided 'x-amz-content-sha256' header does not match what was computed.", mismatch.getMessage());
        refused("InvalidSignatureException", () -> verifySigned(declared, "{ }".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unsignedAndMalformed() {
        AwsException missing = refused(
                "MissingAuthenticationTokenException",
                () -> verifier.verify("GET", "/2015-03-31/functions/", null, Map.of(), new byte[0], "lambda", false));
        assertEquals("Missing Authentication Token", missing.getMessage());
        AwsException incomplete = refused(
                "IncompleteSignatureException",
                () -> verifier.verify(
                        "GET",
                        "/2015-03-31/functions/",
                        null,
                        Map.of("authorization", List.of("Bearer x"), "host", List.of(HOST)),
                        new byte[0],
                        "lambda",
                        false));
        assertTrue(incomplete.getMessage().contains("Authorization header requires 'Credential' parameter."));
        refused(
                "IncompleteSignatureException",
                () -> verifier.verify(
                        "GET",
                        "/2015-03-31/functions/",
                        null,
                        botocoreHeaders("host;x-amz-date", "x").entrySet().stream()
                                .collect(java.util.stream.Collectors.toMap(
                                        Map.Entry::getKey,
                                        e -> e.getKey().equals("x-amz-date") ? List.of("yesterday") : e.getValue())),
                        new byte[0],
                        "lambda",
                        false));
        refused(
                "InvalidSignatureException",
                () -> verifier.verify(
                        "GET",
                        "/2015-03-31/functions/",
                        null,
                        botocoreHeaders("x-amz-date", "x"),
                        new byte[0],
                        "lambda",
                        false));
    }

    @Test
    void signingKeysAreCachedPerDayRegionAndService() {
        SigningKeys keys = new SigningKeys();
        SigningKeys.Keyed first = keys.key("s", "20261127", "us-east-1", "lambda");
        assertTrue(first == keys.key("s", "20261127", "us-east-1", "lambda"));
        assertTrue(first != keys.key("s", "20261128", "us-east-1", "lambda"));
        assertArrayEquals(SigningKeys.derive("s", "20261127", "us-east-1", "lambda"), first.key());
    }

    @Test
    void aCachedKeySignsAsAFreshHmacDoesEachTime() {
        SigningKeys.Keyed keyed = new SigningKeys().key("s", "20261127", "us-east-1", "lambda");
        byte[] key = SigningKeys.derive("s", "20261127", "us-east-1", "lambda");
        for (String data : List.of("one", "two", "one")) {
            assertArrayEquals(SigningKeys.hmac(key, data), keyed.sign(data), data);
        }
    }

    static AwsException refused(String type, Executable call) {
        AwsException e = assertThrows(AwsException.class, call);
        assertEquals(403, e.status());
        assertEquals(type, e.code(), e.getMessage());
        return e;
    }
}
