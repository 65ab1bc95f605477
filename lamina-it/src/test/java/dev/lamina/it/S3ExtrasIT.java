package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Object tagging, bucket policies kept as given, and presigned GET and PUT URLs. */
class S3ExtrasIT extends S3NodeTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void createBucket() {
        s3.createBucket(b -> b.bucket("extras"));
    }

    static Map<String, String> tags(String key) {
        return s3.getObjectTagging(b -> b.bucket("extras").key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    void tagsAreSetReadCopiedAndDeleted() {
        s3.putObject(b -> b.bucket("extras").key("tagged").tagging("team=core&stage=dev"), RequestBody.fromString("x"));
        assertEquals(Map.of("team", "core", "stage", "dev"), tags("tagged"));
        assertEquals(
                2,
                s3.getObject(b -> b.bucket("extras").key("tagged")).response().tagCount());

        s3.putObjectTagging(b -> b.bucket("extras")
                .key("tagged")
                .tagging(t -> t.tagSet(Tag.builder().key("only").value("one").build())));
        assertEquals(Map.of("only", "one"), tags("tagged"));

        s3.copyObject(b -> b.sourceBucket("extras")
                .sourceKey("tagged")
                .destinationBucket("extras")
                .destinationKey("kept"));
        assertEquals(Map.of("only", "one"), tags("kept"));
        s3.copyObject(b -> b.sourceBucket("extras")
                .sourceKey("tagged")
                .destinationBucket("extras")
                .destinationKey("retagged")
                .taggingDirective(TaggingDirective.REPLACE)
                .tagging("new=tag"));
        assertEquals(Map.of("new", "tag"), tags("retagged"));

        s3.deleteObjectTagging(b -> b.bucket("extras").key("tagged"));
        assertEquals(Map.of(), tags("tagged"));
        s3.putObject(b -> b.bucket("extras").key("kept"), RequestBody.fromString("replaced"));
        assertEquals(Map.of(), tags("kept"), "a new object has only the tags it came with");

        S3Exception twice = assertThrows(
                S3Exception.class,
                () -> s3.putObjectTagging(b -> b.bucket("extras")
                        .key("retagged")
                        .tagging(t -> t.tagSet(
                                Tag.builder().key("a").value("1").build(),
                                Tag.builder().key("a").value("2").build()))));
        assertEquals("InvalidTag", twice.awsErrorDetails().errorCode());
        assertEquals(Map.of("new", "tag"), tags("retagged"));
        S3Exception missing = assertThrows(S3Exception.class, () -> tags("never"));
        assertEquals("NoSuchKey", missing.awsErrorDetails().errorCode());
    }

    @Test
    void aBucketPolicyIsKeptAsGivenUntilDeleted() {
        S3Exception none = assertThrows(S3Exception.class, () -> s3.getBucketPolicy(b -> b.bucket("extras")));
        assertEquals("NoSuchBucketPolicy", none.awsErrorDetails().errorCode());
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::extras/*\"}]}";
        s3.putBucketPolicy(b -> b.bucket("extras").policy(policy));
        assertEquals(policy, s3.getBucketPolicy(b -> b.bucket("extras")).policy());
        S3Exception malformed = assertThrows(
                S3Exception.class,
                () -> s3.putBucketPolicy(b -> b.bucket("extras").policy("[1]")));
        assertEquals("MalformedPolicy", malformed.awsErrorDetails().errorCode());
        assertEquals(policy, s3.getBucketPolicy(b -> b.bucket("extras")).policy());
        s3.deleteBucketPolicy(b -> b.bucket("extras"));
        assertThrows(S3Exception.class, () -> s3.getBucketPolicy(b -> b.bucket("extras")));
    }

    @Test
    void presignedUrlsPutAndGetWithoutOtherCredentials() throws Exception {
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(TestNode.credentials())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            URI put = presigner
                    .presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .putObjectRequest(b -> b.bucket("extras").key("presigned")))
                    .url()
                    .toURI();
            HttpResponse<String> stored = HTTP.send(
                    HttpRequest.newBuilder(put)
                            .PUT(HttpRequest.BodyPublishers.ofString("via a link"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode(), stored.body());

            URI get = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(b -> b.bucket("extras").key("presigned")))
                    .url()
                    .toURI();
            HttpResponse<String> read =
                    HTTP.send(HttpRequest.newBuilder(get).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode(), read.body());
            assertEquals("via a link", read.body());

            URI tampered = URI.create(get.toString().replace("/presigned?", "/other?"));
            HttpResponse<String> refused =
                    HTTP.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("<Code>SignatureDoesNotMatch</Code>"), refused.body());
        }
        assertTrue(List.of("via a link")
                .contains(s3.getObjectAsBytes(b -> b.bucket("extras").key("presigned"))
                        .asUtf8String()));
    }

    /** boto3's presigned URLs, of Signature Version 2 by default (the host's python3-boto3). */
    @Test
    void boto3sSigV2PresignedUrlsPutAndGet() throws Exception {
        String script = "import boto3, sys\n"
                + "c = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')\n"
                + "print(c.generate_presigned_url('put_object', Params={'Bucket': 'extras', 'Key': 'v2 key'}))\n"
                + "print(c.generate_presigned_url('get_object', Params={'Bucket': 'extras', 'Key': 'v2 key'}))\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", script, node.endpoint());
        pb.environment().put("AWS_ACCESS_KEY_ID", TestNode.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", TestNode.SECRET_KEY);
        pb.environment().put("HOME", node.dataDir().toString());
        pb.environment().remove("AWS_ENDPOINT_URL");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                p.waitFor() == 0 && out.contains("AWSAccessKeyId="), "python3 with boto3 is not installed: " + out);
        String[] urls = out.trim().split("\n");
        assertTrue(urls[0].contains("Signature="), urls[0]);

        HttpResponse<String> put = HTTP.send(
                HttpRequest.newBuilder(URI.create(urls[0]))
                        .PUT(HttpRequest.BodyPublishers.ofString("signed the old way"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        HttpResponse<String> get =
                HTTP.send(HttpRequest.newBuilder(URI.create(urls[1])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode(), get.body());
        assertEquals("signed the old way", get.body());

        HttpResponse<String> other = HTTP.send(
                HttpRequest.newBuilder(URI.create(urls[1].replace("/v2%20key?", "/presigned?")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, other.statusCode(), other.body());
        assertTrue(other.body().contains("<Code>SignatureDoesNotMatch</Code>"), other.body());
    }
}
