package dev.lamina.edge.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aws-chunked example of AWS's S3 SigV4 documentation, and the trailer forms the SDKs send. */
class AwsChunkedInputStreamTest {
    private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final SeedSignature EXAMPLE = new SeedSignature(
            "AKIAIOSFODNN7EXAMPLE",
            SEED,
            SigningKeys.derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3"),
            "20130524T000000Z",
            "20130524/us-east-1/s3/aws4_request");

    /** 66,560 bytes of 'a' in a 65,536-byte chunk and a 1,024-byte one, as the documentation signs them. */
    private static byte[] example(char flip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = new byte[65536];
        Arrays.fill(first, (byte) 'a');
        first[100] = (byte) flip;
        byte[] second = new byte[1024];
        Arrays.fill(second, (byte) 'a');
        write(out, "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n");
        out.writeBytes(first);
        write(out, "\r\n400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n");
        out.writeBytes(second);
        write(out, "\r\n0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static InputStream signed(byte[] body) {
        return StreamingPayload.open(
                Map.of(
                        "x-amz-content-sha256", List.of(StreamingPayload.SIGNED),
                        "x-amz-decoded-content-length", List.of("66560")),
                new ByteArrayInputStream(body),
                EXAMPLE);
    }

    @Test
    void decodesTheDocumentedExampleCheckingEveryChunk() throws IOException {
        byte[] decoded = signed(example('a')).readAllBytes();
        byte[] expected = new byte[66560];
        Arrays.fill(expected, (byte) 'a');
        assertArrayEquals(expected, decoded);
    }

    @Test
    void aChangedByteFailsItsChunksSignature() {
        PayloadRefused e =
                assertThrows(PayloadRefused.class, () -> signed(example('b')).readAllBytes());
        assertEquals(403, e.error().status());
        assertEquals("SignatureDoesNotMatch", e.error().code());
    }

    private static InputStream unsignedTrailer(String body, String length) {
        return StreamingPayload.open(
                Map.of(
                        "x-amz-content-sha256", List.of(StreamingPayload.UNSIGNED_TRAILER),
                        "x-amz-trailer", List.of("x-amz-checksum-crc32"),
                        "x-amz-decoded-content-length", List.of(length)),
                new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                EXAMPLE);
    }

    @Test
    void anUnsignedBodyWithATrailingChecksumIsCheckedAgainstTheData() throws IOException {
        String body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
        assertEquals("hello", new String(unsignedTrailer(body, "5").readAllBytes(), StandardCharsets.US_ASCII));

        PayloadRefused wrong = assertThrows(
                PayloadRefused.class,
                () -> unsignedTrailer(body.replace("NhCmhg==", "AAAAAA=="), "5").readAllBytes());
        assertEquals("BadDigest", wrong.error().code());

        PayloadRefused length = assertThrows(
                PayloadRefused.class, () -> unsignedTrailer(body, "6").readAllBytes());
        assertEquals("IncompleteBody", length.error().code());

        PayloadRefused cut = assertThrows(
                PayloadRefused.class, () -> unsignedTrailer("5\r\nhel", "5").readAllBytes());
        assertEquals("IncompleteBody", cut.error().code());
    }

    @Test
    void aDeclaredSha256IsCheckedWhenTheBodyEnds() throws IOException {
        Map<String, List<String>> headers = Map.of(
                "x-amz-content-sha256",
                List.of("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")); // "hello"
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(
                hello,
                StreamingPayload.open(headers, new ByteArrayInputStream(hello), EXAMPLE)
                        .readAllBytes());
        PayloadRefused e = assertThrows(
                PayloadRefused.class,
                () -> StreamingPayload.open(headers, new ByteArrayInputStream("hellO".getBytes()), EXAMPLE)
                        .readAllBytes());
        assertEquals("XAmzContentSHA256Mismatch", e.error().code());
    }
}
