package dev.lamina.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Database;
import dev.lamina.storage.blob.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on a real SQLite file and blob directory: what a change leaves on disk, and what a failed one does not. */
class ObjectStoreTest {
    @TempDir
    Path dir;

    private Database db;
    private ObjectStore store;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir.resolve("lamina.db"));
        store = ObjectStore.open(dir, db, clock, new java.util.Random(1), "us-east-1", ObjectChanges.NONE);
        store.createBucket("bkt", null);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The blobs: files of the blob store, and content the database holds. */
    private List<String> blobs() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("s3/blobs"))) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.addAll(inline());
        return names;
    }

    private List<String> inline() throws Exception {
        return db.withConnection(c -> {
            List<String> names = new ArrayList<>();
            try (var st = c.createStatement();
                    var rs = st.executeQuery("SELECT blob FROM s3_inline_blobs")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private byte[] read(String key) throws IOException {
        ObjectStore.Opened opened = store.open("bkt", key);
        try (ObjectContent content = opened.content()) {
            return content.read(0, (int) opened.object().size());
        }
    }

    @Test
    void smallContentIsKeptInTheDatabaseAndLargerInAFile() throws Exception {
        byte[] small = new byte[ObjectBlobs.INLINE_LIMIT];
        byte[] large = new byte[ObjectBlobs.INLINE_LIMIT + 1];
        new java.util.Random(3).nextBytes(small);
        new java.util.Random(4).nextBytes(large);
        store.put("bkt", "small", new ByteArrayInputStream(small), Map.of(), null);
        assertEquals(1, inline().size());
        assertEquals(0, blobs().size() - inline().size(), "no file for content of the limit");
        store.put("bkt", "large", new ByteArrayInputStream(large), Map.of(), null);
        assertEquals(1, inline().size());
        assertEquals(2, blobs().size(), "a file for content past the limit");
        assertArrayEquals(small, read("small"));
        assertArrayEquals(large, read("large"));
        String md5 = java.util.HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(small));
        assertEquals(md5, store.head("bkt", "small").etag());
        store.delete("bkt", "small");
        store.delete("bkt", "large");
        assertTrue(blobs().isEmpty(), "both kinds go with their last object");
    }

    @Test
    void aBadDigestStoresNothingAndKeepsTheOldObject() throws Exception {
        store.put("bkt", "k", text("old"), Map.of(), null);
        byte[] wrong = MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8));
        AwsException e = assertThrows(AwsException.class, () -> store.put("bkt", "k", text("new"), Map.of(), wrong));
        assertEquals("BadDigest", e.code());
        assertEquals(1, blobs().size());
        try (ObjectContent content = store.open("bkt", "k").content()) {
            assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), content.read(0, 3));
        }
    }

    @Test
    void aReplacedOrDeletedObjectsBlobGoesUnlessAnotherObjectSharesIt() throws Exception {
        store.put("bkt", "one", text("same"), Map.of(), null);
        store.copy("bkt", "one", null, "bkt", "two", null, null);
        assertEquals(1, blobs().size(), "a copy shares the blob");
        store.put("bkt", "one", text("changed"), Map.of(), null);
        assertEquals(2, blobs().size());
        store.delete("bkt", "two");
        assertEquals(1, blobs().size(), "the shared blob went with its last object");
        store.delete("bkt", "one");
        assertTrue(blobs().isEmpty());
    }

    @Test
    void aBlobNoRowNamesIsRemovedAtOpenAsAfterACrashBeforeTheCommit() throws Exception {
        // what a crash between the blob's rename and the row's commit leaves: a blob and its note
        new FileBlobStore(dir.resolve("s3/blobs"), "").put(text("orphan"));
        store.contents().abandon(blobs().getFirst());
        assertTrue(blobs().isEmpty());
        assertFalse(store.list("bkt", "", null, "", 10).truncated());
    }

    @Test
    void aBucketWithObjectsIsNotDeleted() throws Exception {
        store.put("bkt", "k", text("x"), Map.of(), null);
        AwsException e = assertThrows(AwsException.class, () -> store.deleteBucket("bkt"));
        assertEquals("BucketNotEmpty", e.code());
        assertEquals(List.of("bkt"), store.buckets().stream().map(Bucket::name).toList());
        assertThrows(AwsException.class, () -> store.createBucket("bkt", null));
        assertEquals(
                "NoSuchBucket",
                assertThrows(AwsException.class, () -> store.bucket("nope")).code());
    }

    @Test
    void aVersionedBucketKeepsEveryVersionsBlobUntilThatVersionIsDeleted() throws Exception {
        Versioning versioning = new Versioning(store);
        versioning.setStatus("bkt", Bucket.ENABLED);
        String v1 = store.put("bkt", "k", text("one"), Map.of(), null).version();
        String v2 = store.put("bkt", "k", text("two"), Map.of(), null).version();
        Versioning.Deleted marker = store.delete("bkt", "k");
        assertTrue(marker.deleteMarker());
        assertEquals(2, blobs().size(), "a delete marker removes no content");
        assertEquals(
                List.of(true, false, false),
                versioning.list("bkt", "", "", "", 10).stream()
                        .map(Versioning.Entry::deleteMarker)
                        .toList());

        versioning.delete("bkt", "k", v1);
        assertEquals(1, blobs().size(), "the deleted version's content went");
        versioning.delete("bkt", "k", marker.version());
        assertEquals(v2, store.head("bkt", "k").version(), "without the marker, the newest version is current");
        versioning.delete("bkt", "k", v2);
        assertTrue(blobs().isEmpty());
        store.deleteBucket("bkt");
    }
}
