package dev.lamina.edge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the signer against the "get-vanilla" case of AWS's Signature Version 4 test suite. */
class SigV4Test {
    @Test
    void getVanilla() {
        Map<String, String> headers = SigV4.sign(
                "GET",
                URI.create("https://example.amazonaws.com/"),
                Map.of(),
                new byte[0],
                new SigV4.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
                "us-east-1",
                "service",
                Instant.parse("2015-08-30T12:36:00Z"));
        assertEquals("20150830T123600Z", headers.get("X-Amz-Date"));
        assertEquals(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                headers.get("Authorization"));
    }

    @Test
    void pathIsEncodedTwiceAsForEveryServiceButS3() {
        assertEquals(
                "/2015-03-31/functions/arn%253Aaws%253Alambda",
                SigV4.encodePath("/2015-03-31/functions/arn%3Aaws%3Alambda"));
    }
}
