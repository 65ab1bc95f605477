package dev.lamina.s3.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.core.AwsException;
import dev.lamina.edge.Access;
import dev.lamina.edge.AccessRules;
import dev.lamina.edge.HttpRequest;
import java.util.Map;

/**
 * What an S3 request asks to do, in S3's IAM action names (decision 38): an object's operations act
 * on {@code arn:aws:s3:::<bucket>/<key>}, a bucket's on {@code arn:aws:s3:::<bucket>}, ListBuckets
 * ({@code s3:ListAllMyBuckets}) on {@code *}. Multipart uploads (create, parts, complete) are
 * {@code s3:PutObject}, as on AWS; ListObjects (v1 and v2) and HeadBucket are {@code s3:ListBucket};
 * HeadObject is {@code s3:GetObject}. A copy is checked as {@code s3:PutObject} on its target only (AWS
 * also asks {@code s3:GetObject} of the source); DeleteObjects as {@code s3:DeleteObject} on
 * {@code arn:aws:s3:::<bucket>/*} rather than key by key. A refusal is S3's 403 {@code AccessDenied},
 * "Access Denied". Pure.
 */
final class S3Access implements AccessRules {
    static final S3Access RULES = new S3Access();

    private S3Access() {}

    @Override
    public Access ofRoute(HttpRequest request, Map<String, String> params) {
        Address address = Address.of(request.header("host"), request.rawPath());
        if (address.bucket() == null) {
            return new Access("s3:ListAllMyBuckets", "*");
        }
        String bucketArn = "arn:aws:s3:::" + address.bucket();
        if (address.key() == null) {
            return new Access("s3:" + bucketAction(request), bucketArn);
        }
        return new Access("s3:" + objectAction(request), bucketArn + "/" + address.key());
    }

    private static String bucketAction(HttpRequest request) {
        return switch (request.method()) {
            case "GET" -> {
                if (request.hasQueryParam("location")) {
                    yield "GetBucketLocation";
                }
                yield bySubresource(
                        request,
                        Map.of(
                                "versioning", "GetBucketVersioning",
                                "versions", "ListBucketVersions",
                                "uploads", "ListBucketMultipartUploads",
                                "policy", "GetBucketPolicy",
                                "notification", "GetBucketNotification",
                                "tagging", "GetBucketTagging",
                                "acl", "GetBucketAcl",
                                "cors", "GetBucketCORS"),
                        "ListBucket");
            }
            case "HEAD" -> "ListBucket";
            case "PUT" ->
                bySubresource(
                        request,
                        Map.of(
                                "versioning", "PutBucketVersioning",
                                "policy", "PutBucketPolicy",
                                "notification", "PutBucketNotification",
                                "tagging", "PutBucketTagging",
                                "acl", "PutBucketAcl",
                                "cors", "PutBucketCORS"),
                        "CreateBucket");
            case "DELETE" ->
                bySubresource(
                        request,
                        Map.of("policy", "DeleteBucketPolicy", "tagging", "PutBucketTagging", "cors", "PutBucketCORS"),
                        "DeleteBucket");
            // POST ?delete (DeleteObjects) and a browser's form upload
            default -> request.hasQueryParam("delete") ? "DeleteObject" : "PutObject";
        };
    }

    private static String objectAction(HttpRequest request) {
        boolean version = request.hasQueryParam("versionId");
        return switch (request.method()) {
            case "GET", "HEAD" -> {
                if (request.hasQueryParam("uploadId")) {
                    yield "ListMultipartUploadParts";
                }
                if (request.hasQueryParam("tagging")) {
                    yield version ? "GetObjectVersionTagging" : "GetObjectTagging";
                }
                if (request.hasQueryParam("acl")) {
                    yield version ? "GetObjectVersionAcl" : "GetObjectAcl";
                }
                yield version ? "GetObjectVersion" : "GetObject";
            }
            case "PUT" -> {
                if (request.hasQueryParam("tagging")) {
                    yield version ? "PutObjectVersionTagging" : "PutObjectTagging";
                }
                yield request.hasQueryParam("acl") ? "PutObjectAcl" : "PutObject";
            }
            case "DELETE" -> {
                if (request.hasQueryParam("uploadId")) {
                    yield "AbortMultipartUpload";
                }
                if (request.hasQueryParam("tagging")) {
                    yield version ? "DeleteObjectVersionTagging" : "DeleteObjectTagging";
                }
                yield version ? "DeleteObjectVersion" : "DeleteObject";
            }
            default -> request.hasQueryParam("restore") ? "RestoreObject" : "PutObject";
        };
    }

    private static String bySubresource(HttpRequest request, Map<String, String> actions, String otherwise) {
        for (Map.Entry<String, String> subresource : actions.entrySet()) {
            if (request.hasQueryParam(subresource.getKey())) {
                return subresource.getValue();
            }
        }
        return otherwise;
    }

    @Override
    public Access ofOperation(String operation, JsonNode input) {
        return Access.ofOperation("s3", operation);
    }

    @Override
    public AwsException denied(String principal, Access access, boolean explicitly) {
        return new AwsException(403, "AccessDenied", "Access Denied");
    }
}
