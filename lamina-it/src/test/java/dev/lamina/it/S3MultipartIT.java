package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Multipart uploads with the SDK for Java v2 and {@code aws s3 cp} of a 20 MB file, and S3's rules. */
class S3MultipartIT extends S3NodeTest {
    static final int MIB = 1024 * 1024;

    @BeforeAll
    static void createBucket() {
        s3.createBucket(b -> b.bucket("parts"));
    }

    static byte[] bytes(int size, int seed) {
        byte[] out = new byte[size];
        new Random(seed).nextBytes(out);
        return out;
    }

    static byte[] md5(byte[] data) throws Exception {
        return MessageDigest.getInstance("MD5").digest(data);
    }

    @Test
    void partsCompleteIntoOneObjectWithS3sEtag() throws Exception {
        String id = s3.createMultipartUpload(
                        b -> b.bucket("parts").key("joined").contentType("application/x-joined"))
                .uploadId();
        byte[] one = bytes(5 * MIB, 1);
        byte[] two = bytes(1000, 2);
        String e1 = s3.uploadPart(
                        b -> b.bucket("parts").key("joined").uploadId(id).partNumber(1), RequestBody.fromBytes(one))
                .eTag();
        String e2 = s3.uploadPart(
                        b -> b.bucket("parts").key("joined").uploadId(id).partNumber(2), RequestBody.fromBytes(two))
                .eTag();
        assertEquals(
                List.of(1, 2),
                s3.listParts(b -> b.bucket("parts").key("joined").uploadId(id)).parts().stream()
                        .map(p -> p.partNumber())
                        .toList());
        assertTrue(s3.listMultipartUploads(b -> b.bucket("parts")).uploads().stream()
                .anyMatch(u -> u.uploadId().equals(id)));

        String etag = s3.completeMultipartUpload(b -> b.bucket("parts")
                        .key("joined")
                        .uploadId(id)
                        .multipartUpload(m -> m.parts(
                                CompletedPart.builder().partNumber(1).eTag(e1).build(),
                                CompletedPart.builder().partNumber(2).eTag(e2).build())))
                .eTag();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(md5(one));
        both.writeBytes(md5(two));
        assertEquals('"' + HexFormat.of().formatHex(md5(both.toByteArray())) + "-2\"", etag);

        var got = s3.getObjectAsBytes(b -> b.bucket("parts").key("joined"));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(one);
        whole.writeBytes(two);
        assertArrayEquals(whole.toByteArray(), got.asByteArray());
        assertEquals("application/x-joined", got.response().contentType());
        assertEquals(etag, got.response().eTag());
        assertTrue(s3.listMultipartUploads(b -> b.bucket("parts")).uploads().isEmpty());

        S3Exception gone = assertThrows(
                S3Exception.class,
                () -> s3.listParts(b -> b.bucket("parts").key("joined").uploadId(id)));
        assertEquals("NoSuchUpload", gone.awsErrorDetails().errorCode());
    }

    @Test
    void s3sRulesOnPartsAreKeptAndAFailedCompleteChangesNothing() {
        String id =
                s3.createMultipartUpload(b -> b.bucket("parts").key("rules")).uploadId();
        String small = s3.uploadPart(
                        b -> b.bucket("parts").key("rules").uploadId(id).partNumber(1), RequestBody.fromString("tiny"))
                .eTag();
        String last = s3.uploadPart(
                        b -> b.bucket("parts").key("rules").uploadId(id).partNumber(2), RequestBody.fromString("end"))
                .eTag();
        S3Exception tooSmall = assertThrows(S3Exception.class, () -> complete(id, 1, small, 2, last));
        assertEquals("EntityTooSmall", tooSmall.awsErrorDetails().errorCode());
        S3Exception order = assertThrows(S3Exception.class, () -> complete(id, 2, last, 1, small));
        assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
        S3Exception wrong = assertThrows(S3Exception.class, () -> complete(id, 1, "\"0123\"", 2, last));
        assertEquals("InvalidPart", wrong.awsErrorDetails().errorCode());
        S3Exception number = assertThrows(
                S3Exception.class,
                () -> s3.uploadPart(
                        b -> b.bucket("parts").key("rules").uploadId(id).partNumber(10001),
                        RequestBody.fromString("x")));
        assertEquals("InvalidArgument", number.awsErrorDetails().errorCode());
        assertThrows(
                S3Exception.class, () -> s3.headObject(b -> b.bucket("parts").key("rules")));

        S3Exception notEmpty = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("parts")));
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());

        s3.abortMultipartUpload(b -> b.bucket("parts").key("rules").uploadId(id));
        S3Exception aborted = assertThrows(S3Exception.class, () -> complete(id, 2, last, 3, last));
        assertEquals("NoSuchUpload", aborted.awsErrorDetails().errorCode());
        assertEquals(404, aborted.statusCode());
    }

    private static void complete(String id, int n1, String e1, int n2, String e2) {
        s3.completeMultipartUpload(b -> b.bucket("parts")
                .key("rules")
                .uploadId(id)
                .multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(n1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(n2).eTag(e2).build())));
    }

    @Test
    void uploadPartCopyTakesARangeOfAnObject() {
        s3.putObject(b -> b.bucket("parts").key("source"), RequestBody.fromString("0123456789"));
        String id =
                s3.createMultipartUpload(b -> b.bucket("parts").key("copied")).uploadId();
        String etag = s3.uploadPartCopy(b -> b.sourceBucket("parts")
                        .sourceKey("source")
                        .copySourceRange("bytes=2-5")
                        .destinationBucket("parts")
                        .destinationKey("copied")
                        .uploadId(id)
                        .partNumber(1))
                .copyPartResult()
                .eTag();
        s3.completeMultipartUpload(b -> b.bucket("parts")
                .key("copied")
                .uploadId(id)
                .multipartUpload(m ->
                        m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals(
                "2345",
                s3.getObjectAsBytes(b -> b.bucket("parts").key("copied")).asUtf8String());
    }

    @Test
    void theCliCopiesA20MegabyteFileInPartsBothWays() throws Exception {
        assumeTrue(AwsCli.available(), "the AWS CLI v2 (/usr/bin/aws, Debian package awscli) is not installed");
        Path work = Files.createDirectories(node.dataDir().resolve("cli-multipart"));
        AwsCli aws = new AwsCli(node.endpoint(), work);
        Path up = work.resolve("twenty.bin");
        Files.write(up, bytes(20 * MIB, 20));
        AwsCli.Result cp = aws.run("s3", "cp", up.toString(), "s3://parts/twenty.bin");
        assertEquals(0, cp.exitCode(), cp.stdout() + cp.stderr());
        AwsCli.Result head = aws.run("s3api", "head-object", "--bucket", "parts", "--key", "twenty.bin");
        assertEquals(0, head.exitCode(), head.stderr());
        assertTrue(head.stdout().contains("-3\\\""), "the CLI uploads 8 MiB parts: " + head.stdout());
        Path down = work.resolve("back.bin");
        AwsCli.Result back = aws.run("s3", "cp", "s3://parts/twenty.bin", down.toString());
        assertEquals(0, back.exitCode(), back.stdout() + back.stderr());
        assertEquals(-1L, Files.mismatch(up, down));
    }
}
