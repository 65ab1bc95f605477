package dev.lamina.s3.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.core.AwsException;
import dev.lamina.edge.Access;
import dev.lamina.edge.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3AccessTest {
    private static Access onHost(String method, String host, String path, String... query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : query) {
            params.put(name, List.of(""));
        }
        HttpRequest request = new HttpRequest(
                method,
                path,
                query.length == 0 ? null : String.join("&", query),
                params,
                Map.of("host", List.of(host)),
                new byte[0]);
        return S3Access.RULES.ofRoute(request, Map.of());
    }

    private static Access access(String method, String path, String... query) {
        return onHost(method, "127.0.0.1:9701", path, query);
    }

    @Test
    void objectsAreNamedByTheirOperationOnTheObjectsArn() {
        assertEquals(new Access("s3:GetObject", "arn:aws:s3:::data/dir/a b.txt"), access("GET", "/data/dir/a%20b.txt"));
        assertEquals(new Access("s3:GetObject", "arn:aws:s3:::data/k"), access("HEAD", "/data/k"));
        assertEquals(new Access("s3:GetObjectVersion", "arn:aws:s3:::data/k"), access("GET", "/data/k", "versionId"));
        assertEquals(new Access("s3:PutObject", "arn:aws:s3:::data/k"), access("PUT", "/data/k"));
        assertEquals(new Access("s3:PutObject", "arn:aws:s3:::data/k"), access("POST", "/data/k", "uploads"));
        assertEquals(
                new Access("s3:PutObject", "arn:aws:s3:::data/k"), access("PUT", "/data/k", "partNumber", "uploadId"));
        assertEquals(new Access("s3:PutObjectTagging", "arn:aws:s3:::data/k"), access("PUT", "/data/k", "tagging"));
        assertEquals(new Access("s3:DeleteObject", "arn:aws:s3:::data/k"), access("DELETE", "/data/k"));
        assertEquals(
                new Access("s3:AbortMultipartUpload", "arn:aws:s3:::data/k"), access("DELETE", "/data/k", "uploadId"));
        assertEquals(
                new Access("s3:ListMultipartUploadParts", "arn:aws:s3:::data/k"), access("GET", "/data/k", "uploadId"));
    }

    @Test
    void bucketsAreNamedOnTheBucketsArnAndListBucketsOnStar() {
        assertEquals(new Access("s3:ListBucket", "arn:aws:s3:::data"), access("GET", "/data", "list-type"));
        assertEquals(new Access("s3:ListBucket", "arn:aws:s3:::data"), access("HEAD", "/data"));
        assertEquals(new Access("s3:CreateBucket", "arn:aws:s3:::data"), access("PUT", "/data"));
        assertEquals(new Access("s3:DeleteBucket", "arn:aws:s3:::data"), access("DELETE", "/data"));
        assertEquals(new Access("s3:GetBucketLocation", "arn:aws:s3:::data"), access("GET", "/data", "location"));
        assertEquals(new Access("s3:PutBucketPolicy", "arn:aws:s3:::data"), access("PUT", "/data", "policy"));
        assertEquals(new Access("s3:ListBucketVersions", "arn:aws:s3:::data"), access("GET", "/data", "versions"));
        assertEquals(new Access("s3:DeleteObject", "arn:aws:s3:::data"), access("POST", "/data", "delete"));
        assertEquals(new Access("s3:ListAllMyBuckets", "*"), access("GET", "/"));
    }

    @Test
    void aVirtualHostNamesTheBucket() {
        assertEquals(new Access("s3:GetObject", "arn:aws:s3:::data/k"), onHost("GET", "data.s3.localhost:9701", "/k"));
    }

    @Test
    void aRefusalIsS3sAccessDenied() {
        AwsException e =
                S3Access.RULES.denied("arn:aws:iam::0:role/r", new Access("s3:PutObject", "arn:aws:s3:::b/k"), true);
        assertEquals(403, e.status());
        assertEquals("AccessDenied", e.code());
        assertEquals("Access Denied", e.getMessage());
    }
}
