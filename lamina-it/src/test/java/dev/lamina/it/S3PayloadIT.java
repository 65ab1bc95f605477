package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The payload forms S3 takes, signed by the SDK's own signer: {@code UNSIGNED-PAYLOAD}, and an
 * {@code aws-chunked} body with a signature on every chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD})
 * whose changed byte is refused with S3's {@code SignatureDoesNotMatch}, storing nothing.
 */
class S3PayloadIT extends S3NodeTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void createBucket() {
        s3.createBucket(b -> b.bucket("payloads"));
    }

    /** A PUT of {@code body} signed by the SDK's signer as {@code configure} says; the bytes it would send. */
    static HttpRequest put(String key, byte[] body, boolean chunked, UnaryOperator<byte[]> tamper) {
        URI http = URI.create(node.endpoint() + "/payloads/" + key);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(URI.create(http.toString().replaceFirst("^http:", "https:")))
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(TestNode.ACCESS_KEY, TestNode.SECRET_KEY))
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, chunked)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked));
        byte[] wire;
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            wire = tamper.apply(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(http).PUT(HttpRequest.BodyPublishers.ofByteArray(wire));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return request.build();
    }

    @Test
    void anUnsignedPayloadIsTakenAsS3TakesIt() throws Exception {
        byte[] body = "unsigned body".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = put("unsigned", body, false, b -> b);
        assertEquals(
                "UNSIGNED-PAYLOAD",
                request.headers().firstValue("x-amz-content-sha256").orElseThrow());
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                "unsigned body",
                s3.getObjectAsBytes(b -> b.bucket("payloads").key("unsigned")).asUtf8String());
    }

    @Test
    void everyChunkOfASignedChunkedBodyIsChecked() throws Exception {
        byte[] body = new byte[300 * 1024]; // three chunks of the SDK's 128 KiB
        Arrays.fill(body, (byte) 'z');
        HttpRequest good = put("chunked", body, true, b -> b);
        assertEquals(
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                good.headers().firstValue("x-amz-content-sha256").orElseThrow());
        HttpResponse<String> ok = HTTP.send(good, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(
                body.length,
                s3.getObjectAsBytes(b -> b.bucket("payloads").key("chunked")).asByteArray().length);

        HttpRequest bad = put("chunked", body, true, wire -> {
            byte[] copy = wire.clone();
            copy[copy.length / 2] = 'y'; // a data byte of the second chunk
            return copy;
        });
        HttpResponse<String> refused = HTTP.send(bad, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("<Code>SignatureDoesNotMatch</Code>"), refused.body());
        byte[] kept =
                s3.getObjectAsBytes(b -> b.bucket("payloads").key("chunked")).asByteArray();
        assertEquals(-1, Arrays.mismatch(body, kept), "the object is still the first upload");
    }
}
