package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 end to end with the SDK for Java v2, path-style and virtual-host-style: buckets, objects with
 * their headers and metadata, ranges and conditions, copies, listings; and bad input, each answered
 * with S3's XML error and changing nothing.
 */
class S3IT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestNode node;
    static S3Client path;
    static S3Client host;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        path = S3Clients.pathStyle(node);
        host = S3Clients.virtualHost(node);
    }

    @AfterAll
    static void stop() {
        if (path != null) {
            path.close();
            host.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void bucketsAreCreatedListedLocatedAndDeletedOnlyWhenEmpty() {
        path.createBucket(b -> b.bucket("life"));
        path.headBucket(b -> b.bucket("life"));
        assertTrue(path.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("life")));
        assertEquals("", path.getBucketLocation(b -> b.bucket("life")).locationConstraintAsString());
        assertThrows(BucketAlreadyOwnedByYouException.class, () -> path.createBucket(b -> b.bucket("life")));

        path.putObject(b -> b.bucket("life").key("k"), RequestBody.fromString("x"));
        S3Exception notEmpty = assertThrows(S3Exception.class, () -> path.deleteBucket(b -> b.bucket("life")));
        assertEquals(409, notEmpty.statusCode());
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());
        path.headBucket(b -> b.bucket("life"));

        path.deleteObject(b -> b.bucket("life").key("k"));
        path.deleteBucket(b -> b.bucket("life"));
        assertThrows(NoSuchBucketException.class, () -> path.headBucket(b -> b.bucket("life")));
        assertFalse(path.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("life")));
    }

    @Test
    void anObjectComesBackWithItsHeadersAndMetadataOnBothAddressings() {
        for (S3Client s3 : List.of(path, host)) {
            String bucket = s3 == path ? "obj-path" : "obj-host";
            s3.createBucket(b -> b.bucket(bucket));
            String key = "dir/a file+plus é.txt";
            String etag = s3.putObject(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .contentType("text/plain")
                                    .contentDisposition("attachment")
                                    .cacheControl("max-age=60")
                                    .contentEncoding("identity")
                                    .metadata(Map.of("colour", "blue")),
                            RequestBody.fromString("hello, world"))
                    .eTag();
            assertEquals("\"e4d7f1b4ed2e42d15898f4b27b019da4\"", etag, "the MD5 of the content, quoted");

            ResponseBytes<GetObjectResponse> got =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            assertEquals("hello, world", got.asUtf8String());
            assertEquals("text/plain", got.response().contentType());
            assertEquals("attachment", got.response().contentDisposition());
            assertEquals("max-age=60", got.response().cacheControl());
            assertEquals("identity", got.response().contentEncoding());
            assertEquals(Map.of("colour", "blue"), got.response().metadata());
            assertEquals(etag, got.response().eTag());

            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            assertEquals(12L, head.contentLength());
            assertEquals(etag, head.eTag());

            assertEquals(
                    "world",
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=7-"))
                            .asUtf8String());
            assertEquals(
                    "lo",
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=3-4"))
                            .asUtf8String());
            assertEquals(
                    "ld",
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=-2"))
                            .asUtf8String());

            s3.deleteObject(b -> b.bucket(bucket).key(key));
            assertThrows(
                    NoSuchKeyException.class,
                    () -> s3.headObject(b -> b.bucket(bucket).key(key)));
            assertThrows(
                    NoSuchKeyException.class,
                    () -> s3.getObject(b -> b.bucket(bucket).key(key)));
        }
    }

    /**
     * 100 MB up and down. Memory stays bounded by design, not by a heap check here: the edge buffers
     * at most about 1 MiB of an upload before it stops reading the socket, the blob store copies
     * through 64 KiB, and a download is sent 64 KiB at a time, each piece awaited.
     */
    @Test
    void aHundredMegabyteObjectStreamsUpAndDown() throws Exception {
        path.createBucket(b -> b.bucket("large"));
        Path file = Files.createTempFile(node.dataDir(), "large-", ".bin");
        Path back = node.dataDir().resolve("large-back.bin");
        try {
            byte[] piece = new byte[1024 * 1024];
            new java.util.Random(7).nextBytes(piece);
            try (var out = Files.newOutputStream(file)) {
                for (int i = 0; i < 100; i++) {
                    piece[0] = (byte) i;
                    out.write(piece);
                }
            }
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
            String etag = path.putObject(b -> b.bucket("large").key("big.bin"), RequestBody.fromFile(file))
                    .eTag();
            assertEquals('"' + md5 + '"', etag);
            path.getObject(b -> b.bucket("large").key("big.bin"), back);
            assertEquals(-1L, Files.mismatch(file, back));
            assertEquals(
                    1024L * 1024,
                    path.getObjectAsBytes(b -> b.bucket("large").key("big.bin").range("bytes=1048576-2097151"))
                            .asByteArray()
                            .length);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(back);
        }
    }

    @Test
    void conditionsAnswer304And412() {
        path.createBucket(b -> b.bucket("cond"));
        String etag = path.putObject(b -> b.bucket("cond").key("k"), RequestBody.fromString("v1"))
                .eTag();
        S3Exception notModified = assertThrows(
                S3Exception.class,
                () -> path.getObject(b -> b.bucket("cond").key("k").ifNoneMatch(etag)));
        assertEquals(304, notModified.statusCode());
        S3Exception failed = assertThrows(
                S3Exception.class,
                () -> path.getObject(b -> b.bucket("cond").key("k").ifMatch("\"nope\"")));
        assertEquals(412, failed.statusCode());
        assertEquals("PreconditionFailed", failed.awsErrorDetails().errorCode());
        Instant future = Instant.now().plusSeconds(3600);
        S3Exception notSince = assertThrows(
                S3Exception.class,
                () -> path.getObject(b -> b.bucket("cond").key("k").ifModifiedSince(future)));
        assertEquals(304, notSince.statusCode());
        S3Exception unmodified = assertThrows(
                S3Exception.class,
                () -> path.getObject(b -> b.bucket("cond")
                        .key("k")
                        .ifUnmodifiedSince(Instant.now().minusSeconds(3600))));
        assertEquals(412, unmodified.statusCode());
        assertEquals(
                "v1",
                path.getObjectAsBytes(b -> b.bucket("cond").key("k").ifMatch(etag))
                        .asUtf8String());
    }

    @Test
    void copiesKeepOrReplaceMetadata() {
        path.createBucket(b -> b.bucket("copy-src"));
        path.createBucket(b -> b.bucket("copy-dst"));
        path.putObject(
                b -> b.bucket("copy-src").key("a").contentType("text/x-a").metadata(Map.of("m", "1")),
                RequestBody.fromString("content"));
        path.copyObject(b -> b.sourceBucket("copy-src")
                .sourceKey("a")
                .destinationBucket("copy-dst")
                .destinationKey("kept"));
        HeadObjectResponse kept = path.headObject(b -> b.bucket("copy-dst").key("kept"));
        assertEquals("text/x-a", kept.contentType());
        assertEquals(Map.of("m", "1"), kept.metadata());

        path.copyObject(b -> b.sourceBucket("copy-src")
                .sourceKey("a")
                .destinationBucket("copy-dst")
                .destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("text/x-b")
                .metadata(Map.of("n", "2")));
        HeadObjectResponse replaced = path.headObject(b -> b.bucket("copy-dst").key("replaced"));
        assertEquals("text/x-b", replaced.contentType());
        assertEquals(Map.of("n", "2"), replaced.metadata());
        assertEquals(
                "content",
                path.getObjectAsBytes(b -> b.bucket("copy-dst").key("replaced")).asUtf8String());

        S3Exception toItself = assertThrows(
                S3Exception.class,
                () -> path.copyObject(b -> b.sourceBucket("copy-src")
                        .sourceKey("a")
                        .destinationBucket("copy-src")
                        .destinationKey("a")));
        assertEquals("InvalidRequest", toItself.awsErrorDetails().errorCode());
        assertThrows(
                NoSuchKeyException.class,
                () -> path.copyObject(b -> b.sourceBucket("copy-src")
                        .sourceKey("missing")
                        .destinationBucket("copy-dst")
                        .destinationKey("x")));
    }

    @Test
    void listingsPageByPrefixDelimiterAndToken() {
        path.createBucket(b -> b.bucket("list"));
        for (String key : List.of("a/1", "a/2", "b", "c/d/1", "c/e", "space key")) {
            path.putObject(b -> b.bucket("list").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response all = path.listObjectsV2(b -> b.bucket("list"));
        assertEquals(
                List.of("a/1", "a/2", "b", "c/d/1", "c/e", "space key"),
                all.contents().stream().map(S3Object::key).toList());
        assertEquals(6, all.keyCount());

        ListObjectsV2Response rolled = path.listObjectsV2(b -> b.bucket("list").delimiter("/"));
        assertEquals(
                List.of("b", "space key"),
                rolled.contents().stream().map(S3Object::key).toList());
        assertEquals(
                List.of("a/", "c/"),
                rolled.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        ListObjectsV2Response under =
                path.listObjectsV2(b -> b.bucket("list").prefix("c/").delimiter("/"));
        assertEquals(
                List.of("c/e"), under.contents().stream().map(S3Object::key).toList());
        assertEquals(
                List.of("c/d/"),
                under.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        ListObjectsV2Response first =
                path.listObjectsV2(b -> b.bucket("list").maxKeys(2).delimiter("/"));
        assertTrue(first.isTruncated());
        assertEquals(List.of("b"), first.contents().stream().map(S3Object::key).toList());
        ListObjectsV2Response second = path.listObjectsV2(
                b -> b.bucket("list").maxKeys(2).delimiter("/").continuationToken(first.nextContinuationToken()));
        assertEquals(
                List.of("space key"),
                second.contents().stream().map(S3Object::key).toList());
        assertEquals(
                List.of("c/"),
                second.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertFalse(second.isTruncated());

        assertEquals(
                List.of("c/e", "space key"),
                path.listObjectsV2(b -> b.bucket("list").startAfter("c/d/1")).contents().stream()
                        .map(S3Object::key)
                        .toList());
        assertEquals(
                List.of("space key"),
                path.listObjectsV2(b -> b.bucket("list").encodingType("url").prefix("sp")).contents().stream()
                        .map(S3Object::key)
                        .toList(),
                "the SDK decodes url-encoded keys");

        var v1 = path.listObjects(b -> b.bucket("list").marker("b").maxKeys(2));
        assertEquals(
                List.of("c/d/1", "c/e"),
                v1.contents().stream().map(S3Object::key).toList());
        assertTrue(v1.isTruncated());

        var deleted = path.deleteObjects(b -> b.bucket("list")
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("a/1").build(),
                        ObjectIdentifier.builder().key("b").build(),
                        ObjectIdentifier.builder().key("never-was").build())));
        assertEquals(3, deleted.deleted().size());
        assertEquals(4, path.listObjectsV2(b -> b.bucket("list")).keyCount());
    }

    @Test
    void badInputGetsS3sErrorAndChangesNothing() throws Exception {
        // the SDK checks a bucket's name itself: a raw request shows the node's answer
        assertXmlError(raw("PUT", "/Bad_Name", Map.of(), ""), 400, "InvalidBucketName");
        assertFalse(path.listBuckets().buckets().stream().anyMatch(b -> b.name().equalsIgnoreCase("Bad_Name")));

        NoSuchBucketException missing = assertThrows(
                NoSuchBucketException.class,
                () -> path.putObject(b -> b.bucket("no-such-bucket").key("k"), RequestBody.fromString("x")));
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
        assertFalse(path.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("no-such-bucket")));

        path.createBucket(b -> b.bucket("bad-input"));
        path.putObject(b -> b.bucket("bad-input").key("k"), RequestBody.fromString("original"));
        S3Exception badDigest = assertThrows(
                S3Exception.class,
                () -> path.putObject(
                        b -> b.bucket("bad-input").key("k").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="),
                        RequestBody.fromString("replacement")));
        assertEquals(400, badDigest.statusCode());
        assertEquals("BadDigest", badDigest.awsErrorDetails().errorCode());
        assertXmlError(
                raw("PUT", "/bad-input/k", Map.of("Content-MD5", "not-an-md5"), "replacement"), 400, "InvalidDigest");
        // signed as if the body were "something else", whose hash it declares; the body sent is not
        assertXmlError(
                raw("PUT", "/bad-input/k", Map.of(), "something else", "replacement"),
                400,
                "XAmzContentSHA256Mismatch");
        assertEquals(
                "original",
                path.getObjectAsBytes(b -> b.bucket("bad-input").key("k")).asUtf8String());

        S3Exception range = assertThrows(
                S3Exception.class,
                () -> path.getObject(b -> b.bucket("bad-input").key("k").range("bytes=100-")));
        assertEquals(416, range.statusCode());
        assertEquals("InvalidRange", range.awsErrorDetails().errorCode());

        assertArrayEquals(
                "original".getBytes(StandardCharsets.UTF_8),
                path.getObjectAsBytes(b -> b.bucket("bad-input").key("k")).asByteArray());
        assertEquals(1, path.listObjectsV2(b -> b.bucket("bad-input")).keyCount());
    }

    /** A request signed for s3 by the test's own signer, its payload's hash declared as S3 wants it. */
    static HttpResponse<String> raw(String method, String pathAndQuery, Map<String, String> headers, String body)
            throws Exception {
        return raw(method, pathAndQuery, headers, body, body);
    }

    /** A request signed (and its hash declared) for {@code signedBody}, sending {@code sentBody}. */
    static HttpResponse<String> raw(
            String method, String pathAndQuery, Map<String, String> headers, String signedBody, String sentBody)
            throws Exception {
        Map<String, String> signed = new HashMap<>(headers);
        signed.putIfAbsent("x-amz-content-sha256", sha256(signedBody));
        return HTTP.send(
                node.http()
                        .signed(
                                method,
                                pathAndQuery,
                                signed,
                                signedBody.getBytes(StandardCharsets.UTF_8),
                                "s3",
                                Instant.now())
                        .method(method, HttpRequest.BodyPublishers.ofString(sentBody))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** S3's error: the status, and an {@code <Error>} with the code and a request id. */
    static void assertXmlError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(
                "application/xml", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("<Error><Code>" + code + "</Code>"), response.body());
        assertTrue(response.body().contains("<RequestId>"), response.body());
    }
}
