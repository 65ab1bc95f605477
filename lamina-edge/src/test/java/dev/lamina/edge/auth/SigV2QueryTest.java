package dev.lamina.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query-string authentication example of S3's Signature Version 2 documentation. */
class SigV2QueryTest {
    private static final Map<String, String> SECRETS =
            Map.of("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final String QUERY =
            "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D";
    private static final Instant BEFORE = Instant.ofEpochSecond(1175139000);

    @Test
    void acceptsTheDocumentedUrlPathStyleAndAsAVirtualHost() {
        assertTrue(SigV4Verifier.isSigV2Query(QUERY));
        assertEquals(
                "AKIAIOSFODNN7EXAMPLE",
                SigV2Query.verify("GET", "/johnsmith/photos/puppy.jpg", QUERY, Map.of(), SECRETS, BEFORE));
        assertEquals(
                "AKIAIOSFODNN7EXAMPLE",
                SigV2Query.verify(
                        "GET",
                        "/photos/puppy.jpg",
                        QUERY,
                        Map.of("host", List.of("johnsmith.s3.localhost:9701")),
                        SECRETS,
                        BEFORE));
    }

    @Test
    void refusesAnotherPathAMethodALateRequestAndAnUnknownKey() {
        assertEquals("SignatureDoesNotMatch", refusal("GET", "/johnsmith/photos/kitten.jpg", QUERY, BEFORE));
        assertEquals("SignatureDoesNotMatch", refusal("PUT", "/johnsmith/photos/puppy.jpg", QUERY, BEFORE));
        assertEquals(
                "AccessDenied",
                refusal("GET", "/johnsmith/photos/puppy.jpg", QUERY, Instant.ofEpochSecond(1175139621)));
        assertEquals(
                "InvalidAccessKeyId",
                refusal(
                        "GET",
                        "/johnsmith/photos/puppy.jpg",
                        QUERY.replace("AKIAIOSFODNN7EXAMPLE", "AKIDOTHER"),
                        BEFORE));
    }

    private static String refusal(String method, String path, String query, Instant now) {
        AwsException e =
                assertThrows(AwsException.class, () -> SigV2Query.verify(method, path, query, Map.of(), SECRETS, now));
        assertEquals(403, e.status());
        return e.code();
    }
}
