package dev.lamina.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Bucket versioning with the SDK: version ids, reading and deleting versions, delete markers, suspension. */
class S3VersioningIT extends S3NodeTest {
    static String get(String bucket, String key, String version) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(version))
                .asUtf8String();
    }

    @Test
    void versionsAreKeptReadListedAndDeleted() {
        s3.createBucket(b -> b.bucket("versioned"));
        s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("before"));
        assertEquals(null, s3.getBucketVersioning(b -> b.bucket("versioned")).status());
        s3.putBucketVersioning(
                b -> b.bucket("versioned").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertEquals(
                BucketVersioningStatus.ENABLED,
                s3.getBucketVersioning(b -> b.bucket("versioned")).status());

        String v1 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("one"))
                .versionId();
        String v2 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("two"))
                .versionId();
        assertNotEquals(v1, v2);
        assertEquals(
                "two", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        assertEquals("one", get("versioned", "k", v1));
        assertEquals("before", get("versioned", "k", "null"));
        s3.copyObject(b -> b.sourceBucket("versioned")
                .sourceKey("k")
                .sourceVersionId(v1)
                .destinationBucket("versioned")
                .destinationKey("copy-of-one"));
        assertEquals(
                "one",
                s3.getObjectAsBytes(b -> b.bucket("versioned").key("copy-of-one"))
                        .asUtf8String());
        s3.deleteObject(b -> b.bucket("versioned").key("copy-of-one"));

        ListObjectVersionsResponse listed =
                s3.listObjectVersions(b -> b.bucket("versioned").prefix("k"));
        assertEquals(
                List.of(v2, v1, "null"),
                listed.versions().stream().map(ObjectVersion::versionId).toList());
        assertEquals(
                List.of(true, false, false),
                listed.versions().stream().map(ObjectVersion::isLatest).toList());

        var marker = s3.deleteObject(b -> b.bucket("versioned").key("k"));
        assertTrue(marker.deleteMarker());
        assertThrows(
                NoSuchKeyException.class,
                () -> s3.getObject(b -> b.bucket("versioned").key("k")));
        assertEquals("two", get("versioned", "k", v2));
        assertTrue(s3.listObjectsV2(b -> b.bucket("versioned")).contents().isEmpty());
        ListObjectVersionsResponse withMarker =
                s3.listObjectVersions(b -> b.bucket("versioned").prefix("k"));
        assertEquals(
                List.of(marker.versionId()),
                withMarker.deleteMarkers().stream()
                        .map(DeleteMarkerEntry::versionId)
                        .toList());
        assertTrue(withMarker.deleteMarkers().getFirst().isLatest());
        S3Exception onMarker = assertThrows(S3Exception.class, () -> get("versioned", "k", marker.versionId()));
        assertEquals(405, onMarker.statusCode());

        // deleting the delete marker brings the newest version back
        s3.deleteObject(b -> b.bucket("versioned").key("k").versionId(marker.versionId()));
        assertEquals(
                "two", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        // deleting the current version makes the one before it current
        s3.deleteObject(b -> b.bucket("versioned").key("k").versionId(v2));
        assertEquals(
                "one", s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String());
        S3Exception gone = assertThrows(S3Exception.class, () -> get("versioned", "k", v2));
        assertEquals("NoSuchVersion", gone.awsErrorDetails().errorCode());

        S3Exception notEmpty = assertThrows(S3Exception.class, () -> s3.deleteBucket(b -> b.bucket("versioned")));
        assertEquals("BucketNotEmpty", notEmpty.awsErrorDetails().errorCode());
    }

    @Test
    void aSuspendedBucketReplacesItsNullVersionAndKeepsTheOthers() {
        s3.createBucket(b -> b.bucket("suspended"));
        s3.putBucketVersioning(
                b -> b.bucket("suspended").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("kept"))
                .versionId();
        s3.putBucketVersioning(
                b -> b.bucket("suspended").versioningConfiguration(c -> c.status(BucketVersioningStatus.SUSPENDED)));
        s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("null one"));
        s3.putObject(b -> b.bucket("suspended").key("k"), RequestBody.fromString("null two"));
        List<String> versions = s3.listObjectVersions(b -> b.bucket("suspended")).versions().stream()
                .map(ObjectVersion::versionId)
                .toList();
        assertEquals(List.of("null", v1), versions);
        assertEquals("null two", get("suspended", "k", "null"));
        assertEquals("kept", get("suspended", "k", v1));

        S3Exception bad = assertThrows(
                S3Exception.class,
                () -> s3.putBucketVersioning(b -> b.bucket("suspended")
                        .versioningConfiguration(c -> c.status(BucketVersioningStatus.UNKNOWN_TO_SDK_VERSION))));
        assertFalse(bad.awsErrorDetails().errorCode().isEmpty());
    }
}
