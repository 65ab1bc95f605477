package dev.lamina.s3;

import dev.lamina.core.AwsException;
import dev.lamina.storage.Transaction;
import dev.lamina.storage.Transactions;
import dev.lamina.storage.blob.BlobStore;
import dev.lamina.storage.blob.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * S3's buckets and objects on one node: each object's bytes a blob in a {@link BlobStore} (streamed to
 * disk, synced, renamed into place: whole or absent), its row in the database naming the blob. A
 * write stores the blob first and then commits the row in one transaction with whatever follows the
 * change ({@link ObjectChanges}): a crash before the commit leaves an unnamed blob and the old
 * object, never a torn or half-visible one. Equal content is stored once (blobs are content-addressed),
 * so a copy is a new row. A blob that a change may have left unnamed is noted in that change's
 * transaction and removed after it commits ({@link #sweep}, also at start), if no row names it by then.
 *
 * <p>Thread-safe: called from the API's virtual threads. Throws S3's errors as {@link AwsException}.
 */
public final class ObjectStore {
    private final Transactions db;
    private final Catalog catalog;
    private final ObjectBlobs contents;
    private final Clock clock;
    private final String region;
    private final ObjectChanges changes;
    private final RandomGenerator random;

    /**
     * The node's objects: blobs under {@code <dataDir>/s3/blobs}, rows in {@code db}.
     *
     * @param region the region buckets are in (the node's)
     * @param changes told of each committed change, in its transaction
     */
    public static ObjectStore open(
            Path dataDir, Transactions db, Clock clock, RandomGenerator random, String region, ObjectChanges changes) {
        return new ObjectStore(
                db, new FileBlobStore(dataDir.resolve("s3").resolve("blobs"), ""), clock, random, region, changes);
    }

    /** @param random makes version ids; used from many threads, so thread-safe (SecureRandom is) */
    public ObjectStore(
            Transactions db,
            BlobStore blobs,
            Clock clock,
            RandomGenerator random,
            String region,
            ObjectChanges changes) {
        this.random = random;
        this.db = db;
        this.catalog = new Catalog(db);
        this.contents = new ObjectBlobs(db, blobs, catalog);
        this.clock = clock;
        this.region = region;
        this.changes = changes;
        sweep();
    }

    /** Creates a bucket; one that exists already is S3's 409 {@code BucketAlreadyOwnedByYou}. */
    public Bucket createBucket(String name, String locationConstraint) {
        BucketName.check(name);
        if (locationConstraint != null && !locationConstraint.isEmpty() && !locationConstraint.equals(region)) {
            throw new AwsException(
                    400,
                    "IllegalLocationConstraintException",
                    "The " + locationConstraint + " location constraint is incompatible for the region specific"
                            + " endpoint this request was sent to.");
        }
        Bucket bucket = new Bucket(name, clock.instant(), region);
        boolean created = db.transaction(tx -> catalog.createBucket(tx, bucket));
        if (!created) {
            throw new AwsException(
                    409,
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.",
                    Map.of("BucketName", name));
        }
        return bucket;
    }

    /** Deletes an empty bucket; one with objects is S3's 409 {@code BucketNotEmpty}. */
    public void deleteBucket(String name) {
        db.transaction(tx -> {
            requireBucket(tx, name);
            if (catalog.hasObjects(tx, name) || Multipart.hasUploads(tx, name)) {
                throw new AwsException(
                        409,
                        "BucketNotEmpty",
                        "The bucket you tried to delete is not empty",
                        Map.of("BucketName", name));
            }
            catalog.deleteBucket(tx, name);
            return null;
        });
    }

    public List<Bucket> buckets() {
        return db.transaction(catalog::buckets);
    }

    /** The bucket, or S3's 404 {@code NoSuchBucket}. */
    public Bucket bucket(String name) {
        return db.transaction(tx -> requireBucket(tx, name));
    }

    Bucket requireBucket(Transaction tx, String name) throws SQLException {
        Bucket bucket = catalog.bucket(tx, name);
        if (bucket == null) {
            throw S3Errors.noSuchBucket(name);
        }
        return bucket;
    }

    /**
     * Stores an object from {@code body}, read to its end (streamed to disk, never held in memory), in
     * place of any object of its key.
     *
     * @param headers what is returned with it (see {@link StoredObject#headers})
     * @param contentMd5 the MD5 the client sent in {@code Content-MD5}, or {@code null}: a body with
     *     another MD5 is S3's 400 {@code BadDigest} and nothing is stored
     */
    public StoredObject put(String bucket, String key, InputStream body, Map<String, String> headers, byte[] contentMd5)
            throws IOException {
        return put(bucket, key, body, headers, contentMd5, Map.of());
    }

    /** {@link #put(String, String, InputStream, Map, byte[])} with the object's tags. */
    public StoredObject put(
            String bucket,
            String key,
            InputStream body,
            Map<String, String> headers,
            byte[] contentMd5,
            Map<String, String> tags)
            throws IOException {
        bucket(bucket); // refuse before reading the body
        ObjectBlobs.Stored stored = contents.store(body, contentMd5);
        StoredObject object = new StoredObject(
                bucket, key, stored.blob().sha256(), stored.blob().size(), stored.md5(), clock.instant(), headers);
        return commit(object, stored, tags, "ObjectCreated:Put", tx -> null);
    }

    /**
     * Commits an object whose blob is stored, with its tags, and {@code first} (more work of the same
     * change) before it in the same transaction; if that fails, the blob is noted for removal.
     */
    StoredObject commit(
            StoredObject object,
            ObjectBlobs.Stored stored,
            Map<String, String> tags,
            String eventName,
            Transactions.Work<?> first) {
        StoredObject placed;
        try {
            placed = db.transaction(tx -> {
                first.run(tx);
                Bucket found = requireBucket(tx, object.bucket());
                contents.keep(tx, stored);
                StoredObject current = place(tx, found, object, tags);
                changes.created(tx, current, eventName);
                return current;
            });
        } catch (RuntimeException e) {
            contents.abandon(object.blob());
            throw e;
        }
        sweep();
        return placed;
    }

    /** One version of an object: S3's 404 {@code NoSuchVersion}, or 405 for a delete marker. */
    StoredObject requireVersion(Transaction tx, String bucket, String key, String version) throws SQLException {
        requireBucket(tx, bucket);
        StoredObject current = catalog.object(tx, bucket, key);
        if (current != null && current.version().equals(version)) {
            return current;
        }
        Versions.Version older = Versions.find(tx, bucket, key, version);
        if (older == null) {
            throw new AwsException(
                    404,
                    "NoSuchVersion",
                    "The specified version does not exist.",
                    Map.of("Key", key, "VersionId", version));
        }
        if (older.deleteMarker()) {
            throw new AwsException(
                    405,
                    "MethodNotAllowed",
                    "The specified method is not allowed against this resource.",
                    Map.of("Method", "GET", "ResourceType", "DeleteMarker"));
        }
        return older.object();
    }

    /** An object's row, or S3's 404 ({@code NoSuchBucket}, {@code NoSuchKey}). */
    public StoredObject head(String bucket, String key) {
        return db.transaction(tx -> requireObject(tx, bucket, key));
    }

    private StoredObject requireObject(Transaction tx, String bucket, String key) throws SQLException {
        StoredObject object = catalog.object(tx, bucket, key);
        if (object == null) {
            requireBucket(tx, bucket);
            throw S3Errors.noSuchKey(key);
        }
        return object;
    }

    /** An object and its content, open for reading (the caller closes it). */
    public record Opened(StoredObject object, ObjectContent content) {}

    /**
     * Opens an object's content. Its blob stays readable while open, even if the object is replaced
     * or deleted meanwhile (the file is unlinked, not truncated).
     */
    public Opened open(String bucket, String key) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Found found = db.transaction(tx -> found(tx, requireObject(tx, bucket, key)));
            try {
                return found.open();
            } catch (NoSuchFileException e) {
                if (attempt == 2) {
                    throw e;
                }
                // replaced and swept between the lookup and the open: look again
            }
        }
    }

    /** Deletes an object; deleting one that is not there succeeds, as on S3. */
    public Versioning.Deleted delete(String bucket, String key) {
        Versioning.Deleted deleted = db.transaction(tx -> {
            Bucket found = requireBucket(tx, bucket);
            StoredObject before = catalog.delete(tx, bucket, key);
            if (!found.keepsVersions()) {
                if (before != null) {
                    catalog.mayBeUnreferenced(tx, before.blob());
                    changes.removed(tx, bucket, key, "ObjectRemoved:Delete");
                }
                return Versioning.Deleted.NOTHING;
            }
            // a versioned bucket keeps what was current and adds a delete marker
            String marker = found.versioned() ? newVersionId() : StoredObject.NULL_VERSION;
            displace(tx, found, key, before);
            Versions.mark(tx, bucket, key, marker, clock.instant());
            changes.removed(tx, bucket, key, "ObjectRemoved:DeleteMarkerCreated");
            return new Versioning.Deleted(marker, true);
        });
        sweep();
        return deleted;
    }

    /**
     * Makes {@code object} its key's current object in {@code bucket}, with its version id: a new one
     * where versioning is enabled, {@code null} otherwise. What it displaces is kept as an older
     * version where the bucket keeps versions, else its blob is noted for removal.
     */
    private StoredObject place(Transaction tx, Bucket bucket, StoredObject object, Map<String, String> tags)
            throws SQLException {
        StoredObject placed = bucket.versioned() ? object.withVersion(newVersionId()) : object;
        StoredObject before = catalog.put(tx, placed, tags);
        if (bucket.keepsVersions()) {
            displace(tx, bucket, placed.key(), before);
        } else if (before != null && !before.blob().equals(placed.blob())) {
            catalog.mayBeUnreferenced(tx, before.blob());
        }
        return placed;
    }

    /**
     * In a bucket that keeps versions: keeps the displaced current object as an older version, unless
     * versioning is suspended and it is the {@code null} version, which a suspended bucket's write
     * replaces (as it replaces an older {@code null} version).
     */
    private void displace(Transaction tx, Bucket bucket, String key, StoredObject before) throws SQLException {
        if (!bucket.versioned()) {
            Versions.Version older = Versions.find(tx, bucket.name(), key, StoredObject.NULL_VERSION);
            if (older != null) {
                noteBlob(tx, Versions.remove(tx, older));
            }
        }
        if (before == null) {
            return;
        }
        if (bucket.versioned() || !before.version().equals(StoredObject.NULL_VERSION)) {
            Versions.keep(tx, before);
        } else {
            noteBlob(tx, before.blob());
        }
    }

    /** Notes a blob that may have lost its last row; {@code null} (a delete marker's) notes nothing. */
    void noteBlob(Transaction tx, String blob) throws SQLException {
        if (blob != null) {
            catalog.mayBeUnreferenced(tx, blob);
        }
    }

    String newVersionId() {
        byte[] id = new byte[24];
        random.nextBytes(id);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    Clock clock() {
        return clock;
    }

    ObjectChanges changes() {
        return changes;
    }

    /**
     * Copies an object (its content is shared, not copied).
     *
     * @param headers the copy's headers, or {@code null} to keep the source's (metadata directive COPY)
     * @param fromVersion the source's version, or {@code null} for its current one
     * @param tags the copy's tags, or {@code null} to keep the source's (tagging directive COPY)
     */
    public StoredObject copy(
            String fromBucket,
            String fromKey,
            String fromVersion,
            String bucket,
            String key,
            Map<String, String> headers,
            Map<String, String> tags) {
        StoredObject copied = db.transaction(tx -> {
            StoredObject source = fromVersion == null
                    ? requireObject(tx, fromBucket, fromKey)
                    : requireVersion(tx, fromBucket, fromKey, fromVersion);
            requireBucket(tx, bucket);
            if (headers == null && fromVersion == null && fromBucket.equals(bucket) && fromKey.equals(key)) {
                throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to"
                        + " itself without changing the object's metadata, storage class, website redirect location"
                        + " or encryption attributes.");
            }
            StoredObject copy = new StoredObject(
                    bucket,
                    key,
                    source.blob(),
                    source.size(),
                    source.etag(),
                    clock.instant(),
                    headers == null ? source.headers() : headers);
            StoredObject placed = place(
                    tx,
                    requireBucket(tx, bucket),
                    copy,
                    tags == null ? Annotations.tags(tx, fromBucket, fromKey) : tags);
            changes.created(tx, placed, "ObjectCreated:Copy");
            return placed;
        });
        sweep();
        return copied;
    }

    /** An object's tags (none: empty), or S3's 404. */
    public Map<String, String> tags(String bucket, String key) {
        return db.transaction(tx -> {
            requireObject(tx, bucket, key);
            return Annotations.tags(tx, bucket, key);
        });
    }

    /** Sets an object's tags (none removes them), or S3's 404. */
    public void setTags(String bucket, String key, Map<String, String> tags) {
        db.transaction(tx -> {
            requireObject(tx, bucket, key);
            Annotations.setTags(tx, bucket, key, tags);
            return null;
        });
    }

    /** A bucket's policy as it was put, or S3's 404 {@code NoSuchBucketPolicy}. */
    public String policy(String bucket) {
        return db.transaction(tx -> {
            requireBucket(tx, bucket);
            String policy = Annotations.policy(tx, bucket);
            if (policy == null) {
                throw new AwsException(
                        404, "NoSuchBucketPolicy", "The bucket policy does not exist", Map.of("BucketName", bucket));
            }
            return policy;
        });
    }

    /** Stores a bucket's policy ({@code null} removes it); it is kept, not enforced. */
    public void setPolicy(String bucket, String policy) {
        db.transaction(tx -> {
            requireBucket(tx, bucket);
            Annotations.setPolicy(tx, bucket, policy);
            return null;
        });
    }

    /** A page of a bucket's listing (see {@link Listing}). */
    public Listing.Page list(String bucket, String prefix, String delimiter, String after, int maxKeys) {
        return db.transaction(tx -> {
            requireBucket(tx, bucket);
            return Listing.page(
                    (from, limit) -> {
                        try {
                            return catalog.list(tx, bucket, prefix, from, limit);
                        } catch (SQLException e) {
                            throw new dev.lamina.storage.StorageException(e);
                        }
                    },
                    prefix,
                    delimiter,
                    after,
                    maxKeys);
        });
    }

    Transactions db() {
        return db;
    }

    Catalog catalog() {
        return catalog;
    }

    /** The objects' content: storing, abandoning and sweeping blobs. */
    ObjectBlobs contents() {
        return contents;
    }

    /** An object and its content when the database holds it, as one transaction read them. */
    record Found(StoredObject object, byte[] inline, ObjectBlobs contents) {
        /** Opens the content (the caller closes it); a file swept since is {@link NoSuchFileException}. */
        Opened open() throws IOException {
            return new Opened(object, contents.open(object.blob(), inline));
        }
    }

    Found found(Transaction tx, StoredObject object) throws SQLException {
        return new Found(object, contents.inline(tx, object.blob()), contents);
    }

    /** Removes the blobs no object names any more ({@link ObjectBlobs#sweep}). */
    public void sweep() {
        contents.sweep();
    }
}
